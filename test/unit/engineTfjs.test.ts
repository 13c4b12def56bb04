import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import type { ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import type { ParamSet } from '../../src/core/model/paramSpec';
import type { Minibatch } from '../../src/core/data/minibatch';
import { Rng } from '../../src/core/util/rng';

const config: ModelConfig = { cell: 'lstm', vocabSize: 6, hiddenSize: 4, numLayers: 2 };

function randomBatch(seed: number, batchSize = 3, numSteps = 5): Minibatch {
  const rng = new Rng(seed);
  const draw = () => Int32Array.from({ length: batchSize * numSteps }, () => rng.int(0, config.vocabSize - 1));
  return { inputs: draw(), targets: draw(), batchSize, numSteps };
}

/** ‖a − b‖ over all parameters. */
function distance(a: ParamSet, b: ParamSet): number {
  let s = 0;
  for (const [name, v] of a) v.forEach((x, i) => (s += (x - (b.get(name) as Float32Array)[i]) ** 2));
  return Math.sqrt(s);
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`tensor count does not grow across epochs, sequential and random, SGD and Adam (${backend})`, async () => {
    await useBackend(backend);
    for (const kind of ['sgd', 'adam'] as const) {
      const engine = new TfjsEngine(config, initParams(config, 1), { kind, lr: 0.1, clipTheta: 1 });
      const epoch = async () => {
        for (let i = 0; i < 4; i++) await engine.trainStep(randomBatch(i), i === 0);
        await engine.trainStep(randomBatch(9), true);
        await engine.getParams();
      };
      await epoch();
      const after1 = tf.memory().numTensors;
      await epoch();
      await epoch();
      assert.equal(tf.memory().numTensors, after1);
      const before = after1;
      engine.dispose();
      assert.ok(tf.memory().numTensors < before);
    }
  });
}

test('SGD steps by lr · g, clipped to global norm θ (d2l grad_clipping)', async () => {
  await useBackend('cpu');
  const params = initParams(config, 2, 0.5);
  const batch = randomBatch(3);
  const probe = new TfjsEngine(config, params, { kind: 'sgd', lr: 0, clipTheta: Infinity });
  const { grads } = await probe.lossAndGradients(batch, true);
  probe.dispose();
  const lr = 0.5;
  // Unclipped: θ ← θ − lr·g exactly.
  const free = new TfjsEngine(config, params, { kind: 'sgd', lr, clipTheta: Infinity });
  const r = await free.trainStep(batch, true);
  const stepped = await free.getParams();
  free.dispose();
  for (const [name, v] of stepped) v.forEach((x, i) => assert.ok(Math.abs(x - ((params.get(name) as Float32Array)[i] - lr * (grads.get(name) as Float32Array)[i])) < 1e-6));
  // Clipped to θ = ‖g‖/4: the step is lr·θ long and points the same way.
  const theta = r.gradNorm / 4;
  const clipped = new TfjsEngine(config, params, { kind: 'sgd', lr, clipTheta: theta });
  await clipped.trainStep(batch, true);
  const after = await clipped.getParams();
  clipped.dispose();
  assert.ok(Math.abs(distance(after, params) - lr * theta) < 1e-5);
  assert.ok(Math.abs(distance(stepped, params) / 4 - distance(after, params)) < 1e-5);
});

test('Adam first step moves every weight by about lr against its gradient sign', async () => {
  await useBackend('cpu');
  const params = initParams(config, 4, 0.5);
  const batch = randomBatch(5);
  const engine = new TfjsEngine(config, params, { kind: 'adam', lr: 0.01, clipTheta: Infinity });
  const { grads } = await engine.lossAndGradients(batch, true);
  await engine.trainStep(batch, true);
  const after = await engine.getParams();
  engine.dispose();
  for (const [name, v] of after) {
    const g = grads.get(name) as Float32Array;
    // m̂/(√v̂ + ε) = g/(|g| + ε) on step 1: ±1 where |g| ≫ ε.
    v.forEach((x, i) => Math.abs(g[i]) > 1e-5 && assert.ok(Math.abs(x - ((params.get(name) as Float32Array)[i] - 0.01 * Math.sign(g[i]))) < 1e-5, name));
  }
});

test('a non-finite loss leaves the weights alone and is reported', async () => {
  await useBackend('cpu');
  const params = initParams(config, 6);
  params.get('W_hq')?.fill(Infinity);
  const engine = new TfjsEngine(config, params, { kind: 'sgd', lr: 1, clipTheta: 1 });
  const r = await engine.trainStep(randomBatch(1), true);
  assert.ok(!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm));
  const after = await engine.getParams();
  for (const [name, v] of params) assert.deepEqual(after.get(name), v);
  // New finite weights train again, and setParams replaces every value.
  const fresh = initParams(config, 7);
  await engine.setParams(fresh);
  assert.deepEqual(await engine.getParams(), fresh);
  assert.ok(Number.isFinite((await engine.trainStep(randomBatch(2), true)).loss));
  assert.equal(engine.name, 'tfjs-cpu');
  engine.dispose();
});
