/**
 * The engines `--backend` names. `wasm` is the fused WebAssembly SIMD engine (LSTM Lens's fast
 * path); `cpu` and `tfjs-wasm` run the tf.js reference engine on tf.js's CPU or WASM backend.
 * tf.js is loaded only when asked for, so the other commands start quickly.
 */
import type { OptimizerConfig, TrainEngine } from '../core/engine/engine';
import type { ModelConfig } from '../core/model/config';
import type { ParamSet } from '../core/model/paramSpec';
import { UsageError } from './usageError';

export type Backend = 'wasm' | 'cpu' | 'tfjs-wasm';

export const BACKENDS: readonly Backend[] = ['wasm', 'cpu', 'tfjs-wasm'];

/** An engine on `backend` holding `params`; its `name` says what runs ('fused-wasm', 'tfjs-cpu', ...). */
export async function createEngine(backend: Backend, config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig): Promise<TrainEngine> {
  if (backend === 'wasm') {
    if (optimizer.kind !== 'sgd') throw new UsageError(`--backend wasm trains with SGD only; use --backend cpu or tfjs-wasm for ${optimizer.kind}`);
    const [{ FusedEngine }, { loadFusedWasm }] = await Promise.all([import('../core/engine/fused/fusedEngine'), import('../core/engine/fused/nodeLoader')]);
    return FusedEngine.create({ wasm: loadFusedWasm(), config, params, optimizer });
  }
  const [{ useBackend }, { TfjsEngine }] = await Promise.all([import('../core/engine/tfjsBackend'), import('../core/engine/tfjsEngine')]);
  await useBackend(backend === 'cpu' ? 'cpu' : 'wasm');
  return new TfjsEngine(config, params, optimizer);
}
