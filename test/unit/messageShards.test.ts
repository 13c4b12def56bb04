import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { MessageShardPool } from '../../src/core/engine/fused/threads/messageShardPool';
import { fusedWasm, randomBatch, relDiff, sgdEngine, testParams, worstParam } from './fusedHelpers';
import { shardWorker } from './shardWorkerThread';
import { chooseEngine, type EngineCandidate } from '../../src/core/engine/chooseEngine';
import type { OptimizerConfig } from '../../src/core/engine/engine';
import { messageShardCandidates } from '../../src/core/engine/fused/threads/shardCandidates';
import { ShardPortStock } from '../../src/core/engine/fused/threads/shardPortStock';
import type { ShardPort } from '../../src/core/engine/fused/threads/threadMessages';
import { initParams } from '../../src/core/model/init';

/**
 * Split or not, the engine adds the same products; only the order of the sums over rows
 * differs (each shard sums its rows of ∂θ and of the loss, then the shares are added), so a
 * split engine equals the unsplit one to float32 rounding, not bit for bit: here at most 7e-7
 * of a tensor's largest value (a few ulps, 2⁻²⁴ ≈ 6e-8 each), carried into the next step's
 * weights. One shard adds in the same order: the same bits.
 */
const ROUNDING = 2e-6;

for (const cell of ['lstm', 'gru'] as CellKind[]) {
  for (const shards of [1, 2, 3, 5]) {
    test(`${cell}: ${shards} shard(s) by message train like the engine unsplit`, async () => {
      const config: ModelConfig = { cell, vocabSize: 9, hiddenSize: 12, numLayers: 2 };
      const params = testParams(config, 5);
      const alone = await sgdEngine(config, cloneParams(params));
      const split = await FusedEngine.create({
        wasm: fusedWasm,
        config,
        params: cloneParams(params),
        optimizer: { kind: 'sgd', lr: 0.5, clipTheta: 1 },
        threads: new MessageShardPool(Array.from({ length: shards - 1 }, () => shardWorker())),
      });
      const tol = shards === 1 ? 0 : ROUNDING;
      const rng = new Rng(11);
      try {
        for (let i = 0; i < 4; i++) {
          // 7 rows: uneven shards (5 shards take 1, 1, 1, 2 and 2 rows); the state carries over
          const batch = randomBatch(rng, config.vocabSize, 7, 6);
          const want = alone.trainStepSync(batch, i === 0);
          const got = await split.trainStep(batch, i === 0);
          assert.ok(relDiff([got.loss], [want.loss]) <= tol, `step ${i}: loss ${got.loss} vs ${want.loss}`);
          assert.ok(relDiff([got.gradNorm], [want.gradNorm]) <= tol, `step ${i}: ‖g‖ ${got.gradNorm} vs ${want.gradNorm}`);
          const g = worstParam(split.getGradients(), alone.getGradients());
          assert.ok(g.diff <= tol, `step ${i}: gradient ${g.name} differs by ${g.diff}`);
        }
        const w = worstParam(await split.getParams(), await alone.getParams());
        assert.ok(w.diff <= tol, `weight ${w.name} differs by ${w.diff}`);
      } finally {
        alone.dispose();
        split.dispose();
      }
    });
  }
}

const config: ModelConfig = { cell: 'lstm', vocabSize: 12, hiddenSize: 48, numLayers: 1 };
const sgd: OptimizerConfig = { kind: 'sgd', lr: 1, clipTheta: 1 };

/** Real shard worker threads, counting the ones started and the ones still running. */
function countedWorkers() {
  const counts = { started: 0, live: 0 };
  const start = (): ShardPort => {
    const port = shardWorker();
    counts.started++;
    counts.live++;
    return { ...port, terminate: () => (counts.live--, port.terminate?.()) };
  };
  return { counts, start };
}

/**
 * The worker's candidates as engineCandidates builds them: the fused engine alone, then with
 * each count worth trying; `splitWasm`: the split engines' module (a truncated one fails them).
 */
function fusedSeries(cores: number, rows: number, startWorker: () => ShardPort, splitWasm: Uint8Array = fusedWasm): EngineCandidate[] {
  const initial = initParams(config, 3);
  const fused = (wasm: Uint8Array, threads?: MessageShardPool) => FusedEngine.create({ wasm, config, params: cloneParams(initial), optimizer: sgd, threads });
  return [{ name: 'fused-wasm', create: () => fused(fusedWasm) }, ...messageShardCandidates({ cores, rows, startWorker, create: (pool) => fused(splitWasm, pool) })];
}

/** Workers a candidate named fused-wasm-<n>w holds besides the trainer's own. */
const shardWorkersOf = (name: string) => Number(/-(\d+)w$/.exec(name)?.[1] ?? 1) - 1;

test('the probe tries more shard workers only while the last count paid, reuses the workers it started and ends those the winner does not hold', async () => {
  const { counts, start } = countedWorkers();
  const candidates = fusedSeries(4, 16, start);
  assert.deepEqual(candidates.map((c) => c.name), ['fused-wasm', 'fused-wasm-2w', 'fused-wasm-4w']);
  const result = await chooseEngine(candidates, randomBatch(new Rng(1), config.vocabSize, 16, 10));
  try {
    const reasons = new Map(result.skipped.map((s) => [s.engine, s.reason]));
    const timed = Object.entries(result.stepMs);
    // the winner is the fastest timed; the others say how they lost or why they were not tried
    assert.equal(result.engine.name, timed.sort((a, b) => a[1] - b[1])[0][0]);
    for (const c of candidates) if (c.name !== result.engine.name) assert.match(reasons.get(c.name) ?? '', /^(slower in the probe|not tried): /, c.name);
    for (const c of candidates.slice(1)) {
      const after = c.after as string;
      if (/^not tried/.test(reasons.get(c.name) ?? '')) continue;
      // tried: the count before it was timed and was the fastest of those timed before it
      const before = candidates.slice(0, candidates.indexOf(c)).map((d) => result.stepMs[d.name]).filter((ms) => ms !== undefined);
      assert.equal(result.stepMs[after], Math.min(...before), `${c.name} was tried after ${after}`);
    }
    // each worker started once for every count tried, and only the winner's left running
    const tried = candidates.filter((c) => !/^not tried/.test(reasons.get(c.name) ?? ''));
    assert.equal(counts.started, Math.max(...tried.map((c) => shardWorkersOf(c.name))));
    assert.equal(counts.live, shardWorkersOf(result.engine.name));
  } finally {
    result.engine.dispose();
  }
  assert.equal(counts.live, 0, 'the winner ends its workers with it');
});

test('a count that fails to run stops the series, and its workers end', async () => {
  const { counts, start } = countedWorkers();
  const result = await chooseEngine(fusedSeries(4, 16, start, fusedWasm.slice(0, 64)), randomBatch(new Rng(2), config.vocabSize, 16, 10));
  result.engine.dispose();
  assert.equal(result.engine.name, 'fused-wasm');
  assert.deepEqual(result.skipped, [
    { engine: 'fused-wasm-2w', reason: result.skipped[0].reason },
    { engine: 'fused-wasm-4w', reason: 'not tried: fused-wasm-2w, which it adds to, was not timed' },
  ]);
  assert.match(result.skipped[0].reason, /^failed to run: .*WebAssembly/);
  assert.equal(counts.started, 1);
  assert.equal(counts.live, 0);
});

test('a shard worker given back mid-step is ended, not lent again: its late answer would reach the next borrower', async () => {
  const { counts, start } = countedWorkers();
  const stock = new ShardPortStock(start);
  const initial = initParams(config, 4);
  const batch = randomBatch(new Rng(3), config.vocabSize, 6, 5);
  const engine = (ports: ShardPort[]) => FusedEngine.create({ wasm: fusedWasm, config, params: cloneParams(initial), optimizer: sgd, threads: new MessageShardPool(ports) });
  const first = await engine(stock.lend(2));
  const step = first.trainStep(batch, true); // the shards are posted; their answers are on the way
  first.dispose();
  await assert.rejects(step, /disposed/);
  assert.equal(counts.live, 0);
  // a fresh pair of workers, and the same numbers as the engine alone
  const second = await engine(stock.lend(2));
  const alone = await sgdEngine(config, cloneParams(initial), sgd.lr, sgd.clipTheta);
  try {
    assert.equal(counts.started, 4);
    const got = await second.trainStep(batch, true);
    assert.ok(relDiff([got.loss], [alone.trainStepSync(batch, true).loss]) <= ROUNDING);
  } finally {
    second.dispose();
    alone.dispose();
    stock.close();
  }
  assert.equal(counts.live, 0);
});
