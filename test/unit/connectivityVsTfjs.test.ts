import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { tfjsConnectivity } from '../../src/core/analysis/connectivity/tfjsConnectivity';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, relDiff, testParams } from './fusedHelpers';

/** Agreement relative to the largest norm of the step (norms span decades over 200 steps). */
const TOL = 1e-5;

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  for (const numLayers of [1, 2]) {
    test(`${cell}, ${numLayers} layer(s): fused connectivity equals tf.js autodiff's, near the start (zero state) and far in (the text's state)`, async () => {
      await useBackend('cpu');
      const config: ModelConfig = { cell, vocabSize: 9, hiddenSize: 12, numLayers };
      const params = testParams(config, 13);
      const rng = new Rng(5);
      const tokens = Array.from({ length: 240 }, () => rng.int(0, 8));
      const fused = await FusedConnectivity.create(fusedWasm, config, params);
      for (const t of [0, 7, 230]) {
        const got = fused.ofStep(tokens, t);
        const want = await tfjsConnectivity(config, params, tokens, t);
        assert.equal(got.t, t);
        assert.equal(got.byDistance.length, Math.min(t, 200) + 1);
        assert.equal(want.byDistance.length, got.byDistance.length);
        assert.ok(want.byDistance.every((x) => Number.isFinite(x)) && Math.max(...want.byDistance) > 0);
        const diff = relDiff(got.byDistance, want.byDistance);
        assert.ok(diff <= TOL, `t = ${t}: differs by ${diff} of the largest norm`);
      }
    });
  }
}
