import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { FusedEngine } from '../../src/core/engine/fused/fusedEngine';
import { NodeFusedThreads } from '../../src/core/engine/fused/nodeThreads';
import { loadFusedWasm } from '../../src/core/engine/fused/nodeLoader';
import { shardRows } from '../../src/core/engine/fused/layout';
import { referenceStep, referenceUpdate, ReferenceState } from './fusedReference';
import { randomBatch, relDiff, testParams, worstParam } from './fusedHelpers';

const TOL = 1e-4;

test('shards cover the batch in near-equal runs of rows', () => {
  assert.deepEqual(shardRows(5, 2), [{ first: 0, size: 2 }, { first: 2, size: 3 }]);
  assert.deepEqual(shardRows(32, 2), [{ first: 0, size: 16 }, { first: 16, size: 16 }]);
  assert.deepEqual(shardRows(1, 4), [{ first: 0, size: 1 }]);
});

for (const cell of ['lstm', 'gru'] as CellKind[]) {
  test(`${cell}: two threads sharing the memory train like the float64 reference`, async () => {
    const config: ModelConfig = { cell, vocabSize: 8, hiddenSize: 12, numLayers: 2 };
    let params = testParams(config, 4);
    const engine = await FusedEngine.create({
      wasm: loadFusedWasm('fused-threads'),
      config,
      params: cloneParams(params),
      optimizer: { kind: 'sgd', lr: 0.5, clipTheta: 1 },
      threads: new NodeFusedThreads(1),
    });
    assert.equal(engine.name, 'fused-wasm-2t');
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
