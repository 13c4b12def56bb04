/**
 * The engines `--backend` names. `wasm` is the fused WebAssembly SIMD engine (LSTM Lens's fast
 * path); `cpu` and `tfjs-wasm` run the tf.js reference engine on tf.js's CPU or WASM backend;
 * `webgpu` the WebGPU engine on Dawn (the optional npm package `webgpu`).
 * tf.js and Dawn are loaded only when asked for, so the other commands start quickly.
 */
import type { OptimizerConfig, TrainEngine } from '../core/engine/engine';
import type { ModelConfig } from '../core/model/config';
import type { ParamSet } from '../core/model/paramSpec';

export type Backend = 'wasm' | 'cpu' | 'tfjs-wasm' | 'webgpu';

export const BACKENDS: readonly Backend[] = ['wasm', 'cpu', 'tfjs-wasm', 'webgpu'];

/**
 * An engine on `backend` holding `params`; its `name` says what runs ('fused-wasm',
 * 'fused-wasm-2t', 'tfjs-cpu', ...). The fused engine splits each minibatch over `threads`
 * worker threads sharing its memory; the tf.js backends run on one.
 */
export async function createEngine(backend: Backend, config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig, threads = 1): Promise<TrainEngine> {
  if (backend === 'wasm') {
    const { createNodeFusedEngine } = await import('../core/engine/fused/train/nodeFusedEngine');
    return createNodeFusedEngine(config, params, optimizer, threads);
  }
  if (backend === 'webgpu') {
    const { createNodeWebGpuEngine } = await import('../core/engine/nodeWebGpu');
    return createNodeWebGpuEngine(config, params, optimizer).catch((e: unknown) => {
      throw new Error(`--backend webgpu cannot train here: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  const [{ useBackend }, { TfjsEngine }] = await Promise.all([import('../core/engine/tfjsBackend'), import('../core/engine/tfjsEngine')]);
  await useBackend(backend === 'cpu' ? 'cpu' : 'wasm');
  return new TfjsEngine(config, params, optimizer);
}
