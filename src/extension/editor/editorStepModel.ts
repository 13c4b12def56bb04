/**
 * The step model the editor features run on: the fused WebAssembly kernels when they load
 * (compiled once), else the plain TypeScript Stepper, with the reason told once. Where the
 * machine has more than one core, the kernels are the shared-memory build and a read of many
 * segments (the colouring's intervals) is split across the host's thread and worker threads;
 * a failure there falls back to one thread. vscode-free, so the benchmark and the unit tests
 * run the same choice.
 */
import { availableParallelism } from 'node:os';
import { ForwardSplit } from '../../core/engine/fused/infer/forwardSplit';
import { FusedStepModel } from '../../core/engine/fused/infer/fusedStepModel';
import { FusedWasmBuild, loadFusedWasm } from '../../core/engine/fused/kernels/nodeLoader';
import { NodeFusedThreads } from '../../core/engine/fused/threads/nodeThreads';
import { wasmApi, type WasmModule } from '../../core/engine/fused/kernels/wasmApi';
import type { SavedModel } from '../../core/io/savedModel';
import { stepModelFor, type StepModel } from '../../core/infer/stepModel';

/** Threads a read is split over at most (the host's own included): the editor shares the machine. */
const MAX_THREADS = 4;

/** Each build compiled once per extension host, or why it could not be. */
const compiled = new Map<FusedWasmBuild, WasmModule | Error>();

function fusedModule(build: FusedWasmBuild): WasmModule {
  let module = compiled.get(build);
  if (module === undefined) {
    try {
      module = new (wasmApi().Module)(loadFusedWasm(build));
    } catch (e) {
      module = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(build, module);
  }
  if (module instanceof Error) throw module;
  return module;
}

/**
 * The fastest step model for `model` on `threads` threads at most (the caller's included;
 * default: the cores, up to MAX_THREADS); `onFallback` hears why it is not the fused one, or
 * runs in one thread where it could run in more.
 */
export function editorStepModel(model: SavedModel, onFallback: (reason: string) => void = () => undefined, threads = Math.min(availableParallelism(), MAX_THREADS)): StepModel {
  if (threads > 1) {
    try {
      return threadedModel(model, threads, (reason) => onFallback(`inference in one thread: ${reason}`));
    } catch (e) {
      onFallback(`inference in one thread: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    return new FusedStepModel(fusedModule('fused'), model.config, model.params);
  } catch (e) {
    onFallback(e instanceof Error ? e.message : String(e));
    return stepModelFor(model);
  }
}

/** The fused step model on the shared-memory build, with threads − 1 worker threads. */
function threadedModel(model: SavedModel, threads: number, onLost: (reason: string) => void): FusedStepModel {
  const module = fusedModule('fused-threads');
  const split = new ForwardSplit(new NodeFusedThreads(threads - 1), onLost);
  try {
    return new FusedStepModel(module, model.config, model.params, split);
  } catch (e) {
    split.dispose();
    throw e;
  }
}
