import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MOST_SHARD_WORKERS, shardWorkerCounts } from '../../src/core/engine/fused/threads/shardCounts';
import { notWorthTrying, type EngineCandidate } from '../../src/core/engine/chooseEngine';

test('worker counts double up to the cores, the rows and the bound, then take the most there is room for', () => {
  // d2l's batch of 32 rows
  assert.deepEqual(shardWorkerCounts(2, 32), [2]);
  assert.deepEqual(shardWorkerCounts(4, 32), [2, 4]);
  assert.deepEqual(shardWorkerCounts(6, 32), [2, 4, 6]);
  assert.deepEqual(shardWorkerCounts(12, 32), [2, 4, 8, 12]);
  assert.deepEqual(shardWorkerCounts(16, 32), [2, 4, 8, 16]);
  assert.deepEqual(shardWorkerCounts(64, 32), [2, 4, 8, MOST_SHARD_WORKERS]);
  // small batches: one row a shard at least
  assert.deepEqual(shardWorkerCounts(16, 3), [2, 3]);
  assert.deepEqual(shardWorkerCounts(16, 5), [2, 4, 5]);
});

test('a count that leaves the largest shard as large as the last one is not worth a try', () => {
  // 9 workers on 32 rows: a shard of 4 rows, as with 8 workers
  assert.deepEqual(shardWorkerCounts(9, 32), [2, 4, 8]);
  // 8 rows on 5 cores: shards of 2 rows, as with 4 workers
  assert.deepEqual(shardWorkerCounts(5, 8), [2, 4]);
  // 17 rows on 9 cores: 8 workers leave a shard of 3 rows, 9 leave ones of 2
  assert.deepEqual(shardWorkerCounts(9, 17), [2, 4, 8, 9]);
});

test('one core or one row: nothing to split', () => {
  assert.deepEqual(shardWorkerCounts(1, 32), []);
  assert.deepEqual(shardWorkerCounts(8, 1), []);
});

const series = (name: string, after?: string): EngineCandidate => ({ name, after, create: () => Promise.reject(new Error('not built here')) });

test('a candidate that adds to another is tried only while that one is the fastest so far', () => {
  const probed = new Set(['fused-wasm', 'fused-wasm-2w', 'fused-wasm-4w']);
  const alone = series('fused-wasm');
  const two = series('fused-wasm-2w', 'fused-wasm');
  const four = series('fused-wasm-4w', 'fused-wasm-2w');
  assert.equal(notWorthTrying(alone, probed, {}, undefined), undefined);
  assert.equal(notWorthTrying(two, probed, { 'fused-wasm': 3 }, alone), undefined);
  assert.equal(notWorthTrying(four, probed, { 'fused-wasm': 3, 'fused-wasm-2w': 2 }, two), undefined);
  assert.equal(
    notWorthTrying(four, probed, { 'fused-wasm': 3, 'fused-wasm-2w': 3.5 }, alone),
    'not tried: fused-wasm-2w, which it adds to, was slower than fused-wasm (3.5 ms a minibatch against 3.0 ms)',
  );
  assert.equal(notWorthTrying(four, probed, { 'fused-wasm': 3 }, alone), 'not tried: fused-wasm-2w, which it adds to, was not timed');
  // not in the probe (an engine that failed mid-run is left out of the next): nothing to wait for
  assert.equal(notWorthTrying(four, new Set(['fused-wasm', 'fused-wasm-4w']), { 'fused-wasm': 3 }, alone), undefined);
});
