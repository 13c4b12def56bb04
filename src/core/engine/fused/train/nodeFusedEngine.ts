/**
 * Node-only: the fused engine on `threads` threads of this process (the caller's thread and
 * threads − 1 worker threads sharing its memory), for the CLI and for training in the
 * extension host. The worker threads load NodeFusedThreads' default script (fusedThreadWorker.js
 * beside the bundle, or the compiled file next to nodeThreads.js).
 */
import type { ModelConfig } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import type { OptimizerConfig, TrainEngine } from '../../engine';
import { FusedEngine } from './fusedEngine';
import { loadFusedWasm } from '../kernels/nodeLoader';
import { NodeFusedThreads } from '../threads/nodeThreads';

export function createNodeFusedEngine(config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig, threads: number): Promise<TrainEngine> {
  const pool = threads > 1 ? new NodeFusedThreads(threads - 1) : undefined;
  return FusedEngine.create({ wasm: loadFusedWasm(pool ? 'fused-threads' : 'fused'), config, params, optimizer, threads: pool });
}
