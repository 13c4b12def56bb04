/**
 * The engines a training run may use inside the worker, in the order the probe tries them:
 * the WebGPU engine on the worker's GPU, then the fused WebAssembly engine alone, then with its
 * batches split with more and more shard workers while that pays (more cores), then tf.js on
 * WebGL2, WASM and CPU. `lstmLens.backend` narrows the list.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { EngineCandidate } from '../../src/core/engine/chooseEngine';
import { FusedEngine, fusedEngineName } from '../../src/core/engine/fused/train/fusedEngine';
import type { MessageShardPool } from '../../src/core/engine/fused/threads/messageShardPool';
import { messageShardCandidates } from '../../src/core/engine/fused/threads/shardCandidates';
import { startShardWorker } from './shardWorkers';
import { useBackend, type TfjsBackendName } from '../../src/core/engine/tfjsBackend';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import { cloneParams } from '../../src/core/model/paramSpec';
import type { CandidateInputs } from '../../src/core/train/trainRun';
import { failingOnDeviceLoss } from '../../src/core/engine/gpuDeviceLoss';
import { WEBGPU_ENGINE_NAME, WebGpuEngine, WebGpuUnavailableError } from '../../src/core/engine/webgpu/webgpuEngine';
import type { GpuFinding } from './gpuAdapter';
import { SOFTWARE_RENDERER } from '../../src/core/engine/gpuAdapterName';
import { fusedWasmFile, relaxedSimdValidates } from '../../src/core/engine/fused/kernels/relaxedSimd';

const FUSED_WASM_FILE = fusedWasmFile('fused', false);

/**
 * The fused kernels' file this worker fetches: the relaxed-SIMD build where its WebAssembly
 * validates relaxed SIMD and the host shipped it, else fused.wasm. Shard workers get the
 * compiled module from this worker, so every shard runs the same build.
 */
function fusedWasmUrl(wasmFiles: Readonly<Record<string, string>>): { file: string; url?: string } {
  const relaxed = fusedWasmFile('fused', true);
  if (relaxedSimdValidates() && wasmFiles[relaxed]) return { file: relaxed, url: wasmFiles[relaxed] };
  return { file: FUSED_WASM_FILE, url: wasmFiles[FUSED_WASM_FILE] };
}

function glRenderer(): string | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return undefined;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The WebGPU engine on the GPU the worker found, failing its minibatches once the device is
 * lost. `auto` never picks an adapter that computes on the CPU (SwiftShader); forced, it runs.
 */
function webgpuCandidate({ choice, config, params, optimizer }: CandidateInputs, found: GpuFinding): EngineCandidate {
  const software = found.gpu && choice === 'auto' && found.software;
  return {
    name: WEBGPU_ENGINE_NAME,
    skipReason: !found.gpu ? found.absent : software ? `software adapter (${found.adapterName}): slower than WebAssembly on this machine` : undefined,
    create: async () => {
      if (!found.gpu) throw new WebGpuUnavailableError(found.absent);
      return failingOnDeviceLoss(await WebGpuEngine.create({ gpu: found.gpu, config, params: cloneParams(params), optimizer }));
    },
  };
}

/**
 * The worker's engines for a run; `wasmFiles` maps WASM file names to blob: URLs (tf.js's
 * binaries and the fused kernels' builds), `gpu` is what findGpu found of WebGPU.
 */
export function engineCandidates(inp: CandidateInputs, wasmFiles: Readonly<Record<string, string>>, gpu: GpuFinding): EngineCandidate[] {
  const { choice, config, params, optimizer } = inp;
  let bytes: Promise<Uint8Array> | undefined;
  /** The fused engine, alone or with a pool of shard workers; its build (fusedWasmUrl) fetched once. */
  const fusedEngine = async (threads?: MessageShardPool) => {
    const { file, url } = fusedWasmUrl(wasmFiles);
    if (!url) {
      threads?.dispose();
      throw new Error(`${file} was not shipped to the worker`);
    }
    bytes ??= fetchBytes(url);
    const wasm = await bytes.catch((e: unknown) => {
      threads?.dispose();
      throw e;
    });
    return FusedEngine.create({ wasm, config, params: cloneParams(params), optimizer, threads });
  };
  const fused: EngineCandidate = { name: fusedEngineName(0, 't'), create: () => fusedEngine() };
  /** The fused engine again, with each batch split with shard workers by message, for every worker count worth probing. */
  const fusedWorkers = messageShardCandidates({ cores: navigator.hardwareConcurrency || 1, rows: inp.batchSize, startWorker: startShardWorker, create: fusedEngine });
  const tfjs = (backend: TfjsBackendName, skipReason?: string): EngineCandidate => ({
    name: `tfjs-${backend}`,
    skipReason,
    create: async () => {
      if (backend === 'wasm') setWasmPaths(Object.fromEntries(Object.entries(wasmFiles).filter(([f]) => f.startsWith('tfjs-'))));
      await useBackend(backend);
      return new TfjsEngine(config, cloneParams(params), optimizer);
    },
  });
  switch (choice) {
    case 'fused':
      return [fused, ...fusedWorkers];
    case 'fused-single':
      return [fused];
    case 'webgpu':
      return [webgpuCandidate(inp, gpu)];
    case 'webgl':
    case 'wasm':
    case 'cpu':
      return [tfjs(choice)];
    case 'auto': {
      const renderer = glRenderer();
      const webglSkip =
        renderer === undefined ? 'no WebGL2 in this worker' : SOFTWARE_RENDERER.test(renderer) ? `software renderer (${renderer}): slower than WebAssembly on this machine` : undefined;
      return [webgpuCandidate(inp, gpu), fused, ...fusedWorkers, tfjs('webgl', webglSkip), tfjs('wasm'), tfjs('cpu')];
    }
  }
}
