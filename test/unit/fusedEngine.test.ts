import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig, CellKind } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { referenceStep, referenceUpdate, ReferenceState } from './fusedReference';
import { randomBatch, relDiff, sgdEngine, testParams, worstParam } from './fusedHelpers';

const TOL = 1e-4;

/** Sequential minibatches with carried state: losses, gradients, norms and weights against float64. */
async function compareTraining(config: ModelConfig, batchSize: number, numSteps: number, steps: number): Promise<void> {
  const rng = new Rng(42);
  let refParams = testParams(config);
  const engine = await sgdEngine(config, cloneParams(refParams));
  let state: ReferenceState | undefined;
  for (let i = 0; i < steps; i++) {
    const batch = randomBatch(rng, config.vocabSize, batchSize, numSteps);
    const reset = i === 0;
    const ref = referenceStep(config, refParams, batch, reset ? undefined : state);
    const got = await engine.trainStep(batch, reset);
    const where = `${config.cell} ${config.numLayers} layer(s), step ${i}`;
    assert.ok(relDiff([got.loss], [ref.loss]) <= TOL, `${where}: loss ${got.loss} vs ${ref.loss}`);
    assert.ok(relDiff([got.gradNorm], [ref.gradNorm]) <= TOL, `${where}: ‖g‖ ${got.gradNorm} vs ${ref.gradNorm}`);
    const g = worstParam(engine.getGradients(), ref.grads);
    assert.ok(g.diff <= TOL, `${where}: gradient ${g.name} differs by ${g.diff}`);
    refParams = referenceUpdate(refParams, ref, 0.5, 1);
    state = ref.state;
  }
  const w = worstParam(await engine.getParams(), refParams);
  assert.ok(w.diff <= TOL, `${config.cell} ${config.numLayers} layer(s): weight ${w.name} differs by ${w.diff}`);
  engine.dispose();
}

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  for (const numLayers of [1, 2]) {
    test(`${cell}, ${numLayers} layer(s): losses, gradients and weights equal the float64 reference over 4 carried steps`, async () => {
      // h = 10 and B = 3 leave partial SIMD vectors and register tiles everywhere
      await compareTraining({ cell, vocabSize: 7, hiddenSize: 10, numLayers }, 3, 5, 4);
    });
  }
}

test('lstm with whole tiles (h = 32, B = 8) equals the reference', async () => {
  await compareTraining({ cell: 'lstm', vocabSize: 28, hiddenSize: 32, numLayers: 1 }, 8, 7, 3);
});

test('finite differences agree with the fused gradients', async () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
    const config: ModelConfig = { cell, vocabSize: 5, hiddenSize: 6, numLayers: 2 };
    const params = testParams(config, 3);
    const batch = randomBatch(new Rng(9), config.vocabSize, 2, 4);
    const engine = await sgdEngine(config, params);
    engine.lossAndGradients(batch, true);
    const grads = engine.getGradients();
    const eps = 1e-2;
    for (const name of [...params.keys()]) {
      const g = grads.get(name) as Float32Array;
      const i = g.reduce((best, x, j) => (Math.abs(x) > Math.abs(g[best]) ? j : best), 0);
      const loss = async (delta: number): Promise<number> => {
        const p = cloneParams(params);
        (p.get(name) as Float32Array)[i] += delta;
        await engine.setParams(p);
        return engine.lossAndGradients(batch, true).loss;
      };
      const numeric = ((await loss(eps)) - (await loss(-eps))) / (2 * eps);
      assert.ok(Math.abs(numeric - g[i]) <= 2e-3 + 2e-2 * Math.abs(g[i]), `${cell} ${name}[${i}]: numeric ${numeric} vs analytic ${g[i]}`);
    }
    engine.dispose();
  }
});

test('the state carries across sequential batches and resetState starts from zeros', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 6, hiddenSize: 8, numLayers: 2 };
  const params = testParams(config);
  const rng = new Rng(5);
  const [first, second] = [randomBatch(rng, 6, 4, 5), randomBatch(rng, 6, 4, 5)];
  const engine = await sgdEngine(config, cloneParams(params), 0); // lr 0: the weights stay, only the state moves
  await engine.trainStep(first, true);
  const refFirst = referenceStep(config, params, first);
  const carried = engine.lossAndGradients(second, false).loss;
  assert.ok(relDiff([carried], [referenceStep(config, params, second, refFirst.state).loss]) <= TOL);
  // a batch of more steps keeps the carried state
  const longer = randomBatch(rng, 6, 4, 9);
  assert.ok(relDiff([engine.lossAndGradients(longer, false).loss], [referenceStep(config, params, longer, refFirst.state).loss]) <= TOL);
  const reset = engine.lossAndGradients(second, true).loss;
  assert.ok(relDiff([reset], [referenceStep(config, params, second).loss]) <= TOL);
  assert.notEqual(carried, reset);
  // setParams drops the state too
  await engine.trainStep(first, true);
  await engine.setParams(params);
  assert.ok(relDiff([engine.lossAndGradients(longer, false).loss], [referenceStep(config, params, longer).loss]) <= TOL);
  engine.dispose();
});

test('a non-finite loss leaves the weights untouched, drops the state and is reported', async () => {
  const config: ModelConfig = { cell: 'gru', vocabSize: 5, hiddenSize: 4, numLayers: 1 };
  const params = testParams(config);
  const bad = cloneParams(params);
  (bad.get('W_hq') as Float32Array)[0] = Number.NaN;
  const engine = await sgdEngine(config, bad);
  const batch = randomBatch(new Rng(1), 5, 2, 3);
  const result = await engine.trainStep(batch, true);
  assert.ok(!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm));
  const after = await engine.getParams();
  for (const [name, v] of bad) assert.deepEqual(after.get(name), v, `${name} changed`);
  await engine.setParams(params);
  assert.ok(Number.isFinite((await engine.trainStep(batch, true)).loss));
  engine.dispose();
});

test('after a non-finite step the next batch starts from a zero state', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 1 };
  const params = testParams(config);
  (params.get('l0.W_xi') as Float32Array)[4 * 4] = Number.NaN; // poisons only batches that read token 4
  const engine = await sgdEngine(config, params);
  const batch = (ids: number[]) => ({ inputs: Int32Array.from(ids), targets: Int32Array.from(ids, (x) => (x + 1) % 5), batchSize: 2, numSteps: 3 });
  const [clean, poisoned, after] = [batch([0, 1, 2, 3, 2, 1]), batch([0, 4, 1, 2, 3, 0]), batch([3, 3, 1, 0, 2, 2])];
  assert.ok(Number.isFinite((await engine.trainStep(clean, true)).loss));
  assert.notEqual(engine.lossAndGradients(after, false).loss, engine.lossAndGradients(after, true).loss); // a state is carried
  await engine.trainStep(clean, true);
  assert.ok(Number.isNaN((await engine.trainStep(poisoned, false)).loss));
  assert.equal(engine.lossAndGradients(after, false).loss, engine.lossAndGradients(after, true).loss);
  engine.dispose();
});

test('token ids outside the vocabulary are rejected', async () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 4, hiddenSize: 4, numLayers: 1 };
  const engine = await sgdEngine(config, testParams(config));
  const batch = randomBatch(new Rng(1), 4, 1, 2);
  batch.targets[1] = 4;
  await assert.rejects(engine.trainStep(batch, true), /target token 4/);
  engine.dispose();
});
