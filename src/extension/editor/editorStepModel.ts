/**
 * The step model the editor features run on: the fused WebAssembly kernels when fused.wasm
 * loads (compiled once), else the plain TypeScript Stepper, with the reason told once.
 * vscode-free, so the benchmark and the unit tests run the same choice.
 */
import { FusedStepModel } from '../../core/engine/fused/fusedStepModel';
import { loadFusedWasm } from '../../core/engine/fused/nodeLoader';
import { wasmApi, type WasmModule } from '../../core/engine/fused/wasmApi';
import type { SavedModel } from '../../core/io/savedModel';
import { stepModelFor, type StepModel } from '../../core/infer/stepModel';

/** fused.wasm compiled once per extension host, or why it could not be. */
let compiled: WasmModule | Error | undefined;

function fusedModule(): WasmModule {
  if (compiled === undefined) {
    try {
      compiled = new (wasmApi().Module)(loadFusedWasm());
    } catch (e) {
      compiled = e instanceof Error ? e : new Error(String(e));
    }
  }
  if (compiled instanceof Error) throw compiled;
  return compiled;
}

/** The fastest step model for `model`; `onFallback` hears why when it is not the fused one. */
export function editorStepModel(model: SavedModel, onFallback: (reason: string) => void = () => undefined): StepModel {
  try {
    return new FusedStepModel(fusedModule(), model.config, model.params);
  } catch (e) {
    onFallback(e instanceof Error ? e.message : String(e));
    return stepModelFor(model);
  }
}
