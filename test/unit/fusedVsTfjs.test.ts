import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { fusedWasm, randomBatch, relDiff, sgdEngine, testParams, worstParam } from './fusedHelpers';

const TOL = 1e-4;

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  for (const numLayers of [1, 2]) {
    test(`${cell}, ${numLayers} layer(s): the fused engine gives the tf.js engine's losses, gradients and weights`, async () => {
      await useBackend('cpu');
      const config: ModelConfig = { cell, vocabSize: 9, hiddenSize: 12, numLayers };
      const params = testParams(config, 11);
      const optimizer = { kind: 'sgd' as const, lr: 0.5, clipTheta: 1 };
      const tfjs = new TfjsEngine(config, cloneParams(params), optimizer);
      const fused = await sgdEngine(config, cloneParams(params), optimizer.lr, optimizer.clipTheta);
      const rng = new Rng(21);
      const batches = Array.from({ length: 4 }, () => randomBatch(rng, config.vocabSize, 4, 6));

      const want = await tfjs.lossAndGradients(batches[0], true);
      const got = fused.lossAndGradients(batches[0], true);
      assert.ok(relDiff([got.loss], [want.loss]) <= TOL);
      const g = worstParam(fused.getGradients(), want.grads);
      assert.ok(g.diff <= TOL, `gradient ${g.name} differs by ${g.diff}`);

      for (const [i, batch] of batches.entries()) {
        const [a, b] = [await fused.trainStep(batch, i === 0), await tfjs.trainStep(batch, i === 0)];
        assert.ok(relDiff([a.loss], [b.loss]) <= TOL, `step ${i}: loss ${a.loss} vs ${b.loss}`);
        assert.ok(relDiff([a.gradNorm], [b.gradNorm]) <= TOL, `step ${i}: ‖g‖ ${a.gradNorm} vs ${b.gradNorm}`);
      }
      const w = worstParam(await fused.getParams(), await tfjs.getParams());
      assert.ok(w.diff <= TOL, `weight ${w.name} differs by ${w.diff}`);
      fused.dispose();
      tfjs.dispose();
    });
  }
}

test('adam: the fused engine steps like the tf.js engine (2-layer LSTM, 4 steps)', async () => {
  await useBackend('cpu');
  const config: ModelConfig = { cell: 'lstm', vocabSize: 9, hiddenSize: 12, numLayers: 2 };
  const params = testParams(config, 5);
  const optimizer = { kind: 'adam' as const, lr: 0.01, clipTheta: 1 };
  const tfjs = new TfjsEngine(config, cloneParams(params), optimizer);
  const fused = await FusedEngine.create({ wasm: fusedWasm, config, params: cloneParams(params), optimizer });
  const rng = new Rng(3);
  for (let i = 0; i < 4; i++) {
    const batch = randomBatch(rng, config.vocabSize, 4, 6);
    const [a, b] = [await fused.trainStep(batch, i === 0), await tfjs.trainStep(batch, i === 0)];
    assert.ok(relDiff([a.loss], [b.loss]) <= TOL, `step ${i}: loss ${a.loss} vs ${b.loss}`);
  }
  const w = worstParam(await fused.getParams(), await tfjs.getParams());
  assert.ok(w.diff <= TOL, `weight ${w.name} differs by ${w.diff}`);
  fused.dispose();
  tfjs.dispose();
});
