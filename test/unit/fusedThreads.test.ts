import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { NodeFusedThreads } from '../../src/core/engine/fused/threads/nodeThreads';
import { MessageShardPool } from '../../src/core/engine/fused/threads/messageShardPool';
import type { FusedThreadPool } from '../../src/core/engine/fused/threads/threadPool';
import type { FusedWasmBuild } from '../../src/core/engine/fused/kernels/nodeLoader';
import { shardWorker } from './shardWorkerThread';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { shardRows } from '../../src/core/engine/fused/memory/layout';
import { referenceStep, referenceUpdate, ReferenceState } from './fusedReference';
import { randomBatch, relDiff, testParams, worstParam } from './fusedHelpers';

const TOL = 1e-4;

test('shards cover the batch in near-equal runs of rows', () => {
  assert.deepEqual(shardRows(5, 2), [{ first: 0, size: 2 }, { first: 2, size: 3 }]);
  assert.deepEqual(shardRows(32, 2), [{ first: 0, size: 16 }, { first: 16, size: 16 }]);
  assert.deepEqual(shardRows(1, 4), [{ first: 0, size: 1 }]);
});

/** Two ways to split a batch over two threads: a shared memory (Node), or messages (a webview's workers). */
const POOLS: readonly { name: string; wasm: FusedWasmBuild; engine: string; pool: () => FusedThreadPool }[] = [
  { name: 'two threads sharing the memory', wasm: 'fused-threads', engine: 'fused-wasm-2t', pool: () => new NodeFusedThreads(1) },
  { name: 'two workers passing messages', wasm: 'fused', engine: 'fused-wasm-2w', pool: () => new MessageShardPool([shardWorker()]) },
];

for (const cell of ['lstm', 'gru'] as CellKind[]) for (const kind of POOLS) {
  test(`${cell}: ${kind.name} train like the float64 reference`, async () => {
    const config: ModelConfig = { cell, vocabSize: 8, hiddenSize: 12, numLayers: 2 };
    let params = testParams(config, 4);
    const engine = await FusedEngine.create({
      wasm: loadFusedWasm(kind.wasm),
      config,
      params: cloneParams(params),
      optimizer: { kind: 'sgd', lr: 0.5, clipTheta: 1 },
      threads: kind.pool(),
    });
    assert.equal(engine.name, kind.engine);
    const rng = new Rng(8);
    let state: ReferenceState | undefined;
    try {
      for (let i = 0; i < 3; i++) {
        const batch = randomBatch(rng, config.vocabSize, 5, 6); // shards of 2 and 3 sequences
        const ref = referenceStep(config, params, batch, i === 0 ? undefined : state);
        const got = await engine.trainStep(batch, i === 0);
        assert.ok(relDiff([got.loss], [ref.loss]) <= TOL, `step ${i}: loss ${got.loss} vs ${ref.loss}`);
        assert.ok(relDiff([got.gradNorm], [ref.gradNorm]) <= TOL, `step ${i}: ‖g‖ ${got.gradNorm} vs ${ref.gradNorm}`);
        const g = worstParam(engine.getGradients(), ref.grads);
        assert.ok(g.diff <= TOL, `step ${i}: gradient ${g.name} differs by ${g.diff}`);
        params = referenceUpdate(params, ref, 0.5, 1);
        state = ref.state;
      }
      const w = worstParam(await engine.getParams(), params);
      assert.ok(w.diff <= TOL, `weight ${w.name} differs by ${w.diff}`);
    } finally {
      engine.dispose();
    }
  });
}

test('a shard worker that dies mid-step fails the step with the reason instead of leaving it waiting', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 8, hiddenSize: 12, numLayers: 1 };
  const engine = await FusedEngine.create({
    wasm: loadFusedWasm('fused'),
    config,
    params: testParams(config, 4),
    optimizer: { kind: 'sgd', lr: 0.5, clipTheta: 1 },
    threads: new MessageShardPool([shardWorker(true)]),
  });
  try {
    await assert.rejects(engine.trainStep(randomBatch(new Rng(3), config.vocabSize, 4, 5), true), /fused engine shard worker: exited \(3\)/);
  } finally {
    engine.dispose();
  }
});
