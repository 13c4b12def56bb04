/**
 * The fused engine with each batch split over shard workers by message, as the probe's
 * candidates: one per worker count worth trying (shardWorkerCounts), each tried only while the
 * one before it (fewer workers, the first after the engine alone) is the fastest so far, all
 * drawing on one stock of started workers.
 */
import type { EngineCandidate } from '../../chooseEngine';
import type { TrainEngine } from '../../engine';
import { fusedEngineName } from '../train/fusedEngine';
import { MessageShardPool } from './messageShardPool';
import { shardWorkerCounts } from './shardCounts';
import { ShardPortStock } from './shardPortStock';
import type { ShardPort } from './threadMessages';

export interface ShardCandidateInputs {
  /** Cores of this machine (navigator.hardwareConcurrency). */
  readonly cores: number;
  /** Rows of the run's minibatches: one shard takes one at least. */
  readonly rows: number;
  /** Starts a shard worker. */
  readonly startWorker: () => ShardPort;
  /** The fused engine on the run's initial weights with `pool` (it owns the pool). */
  readonly create: (pool: MessageShardPool) => Promise<TrainEngine>;
}

/** The candidates after the engine alone ('fused-wasm'), or one skipped when no count is worth trying. */
export function messageShardCandidates({ cores, rows, startWorker, create }: ShardCandidateInputs): EngineCandidate[] {
  const counts = shardWorkerCounts(cores, rows);
  if (counts.length === 0) {
    const skipReason = cores < 2 ? 'one core: no second worker to share the batch with' : 'a batch of one row: nothing to share';
    return [{ name: fusedEngineName(1, 'w'), skipReason, create: () => Promise.reject(new Error(skipReason)) }];
  }
  const stock = new ShardPortStock(startWorker);
  return counts.map((workers, i) => ({
    name: fusedEngineName(workers - 1, 'w'),
    after: i === 0 ? fusedEngineName(0, 't') : fusedEngineName(counts[i - 1] - 1, 'w'),
    create: () => create(new MessageShardPool(stock.lend(workers - 1))),
    afterProbe: () => stock.close(),
  }));
}
