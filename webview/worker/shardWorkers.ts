/**
 * The trainer worker's helpers for the fused engine's message-passing pool: more copies of
 * this same worker script, started by the trainer worker under SHARD_WORKER_NAME, each serving
 * one shard of every batch (the webview has no SharedArrayBuffer for real threads). A shard worker
 * fetches no kernels: the trainer worker hands it the module it compiled (fusedWasmUrl's build),
 * so every shard of a batch runs the same build.
 */
import type { ShardPort } from '../../src/core/engine/fused/threads/threadMessages';

export const SHARD_WORKER_NAME = 'lstm-lens-shard';

/** Starts a shard worker from this worker's own script (its blob: URL). */
export function startShardWorker(): ShardPort {
  const w = new Worker(self.location.href, { name: SHARD_WORKER_NAME });
  return {
    postMessage: (m, transfer = []) => w.postMessage(m, transfer),
    onMessage: (f) => w.addEventListener('message', (e: MessageEvent<unknown>) => f(e.data)),
    onError: (f) => {
      w.addEventListener('error', (e: ErrorEvent) => f(new Error(e.message || 'the shard worker failed to load or crashed')));
      w.addEventListener('messageerror', () => f(new Error('a message from the shard worker could not be read')));
    },
    terminate: () => w.terminate(),
  };
}

/** This worker as a shard worker's end of the channel. */
export function selfShardPort(): ShardPort {
  return {
    postMessage: (m, transfer = []) => self.postMessage(m, transfer),
    onMessage: (f) => self.addEventListener('message', (e: MessageEvent<unknown>) => f(e.data)),
  };
}
