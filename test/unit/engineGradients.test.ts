import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import { CELL_KINDS, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import type { Minibatch } from '../../src/core/data/minibatch';
import { Stepper } from '../../src/core/infer/stepper';
import { logSoftmax } from '../../src/core/infer/distribution';
import type { InferState } from '../../src/core/infer/inferState';
import { Rng } from '../../src/core/util/rng';

const V = 5;
const batchSize = 2;
const numSteps = 4;

function randomBatch(seed: number): Minibatch {
  const rng = new Rng(seed);
  const draw = () => Int32Array.from({ length: batchSize * numSteps }, () => rng.int(0, V - 1));
  return { inputs: draw(), targets: draw(), batchSize, numSteps };
}

/** Each row's state after its inputs, from `starts` (zero when absent), in float64. */
function rowStates(params: Map<string, Float64Array>, config: ModelConfig, batch: Minibatch, starts?: InferState[]): InferState[] {
  const stepper = new Stepper(params, config);
  return Array.from({ length: batch.batchSize }, (_, b) => {
    const s = starts ? { h: starts[b].h.slice(), c: starts[b].c?.slice() } : stepper.zeroState();
    return stepper.run(batch.inputs.subarray(b * numSteps, (b + 1) * numSteps), s);
  });
}

/** The mean cross-entropy in float64 with the plain stepper: the reference loss. */
function referenceLoss(params: Map<string, Float64Array>, config: ModelConfig, batch: Minibatch, starts?: InferState[]): number {
  const stepper = new Stepper(params, config);
  let sum = 0;
  for (let b = 0; b < batch.batchSize; b++) {
    const state = starts ? { h: starts[b].h.slice(), c: starts[b].c?.slice() } : stepper.zeroState();
    for (let t = 0; t < numSteps; t++) {
      stepper.step(batch.inputs[b * numSteps + t], state);
      sum -= logSoftmax(stepper.logits(state))[batch.targets[b * numSteps + t]];
    }
  }
  return sum / (batch.batchSize * numSteps);
}

/** Checks every gradient entry against central differences of the float64 reference loss. */
async function checkGradients(config: ModelConfig, carried: boolean): Promise<void> {
  const params = initParams(config, 17, 0.5);
  const p64 = new Map([...params].map(([k, v]) => [k, Float64Array.from(v)]));
  const first = randomBatch(1);
  const batch = randomBatch(2);
  // lr 0: the first minibatch only leaves its final state behind, as in the sequential partition.
  const engine = new TfjsEngine(config, params, { kind: 'sgd', lr: 0, clipTheta: Infinity });
  if (carried) await engine.trainStep(first, true);
  const { loss, grads } = await engine.lossAndGradients(batch, !carried);
  engine.dispose();
  // The carried state is a constant (detached): the reference starts from it, computed once.
  const starts = carried ? rowStates(p64, config, first) : undefined;
  assert.ok(Math.abs(loss - referenceLoss(p64, config, batch, starts)) < 1e-5);
  const eps = 1e-5;
  let worst = 0;
  for (const [name, values] of p64) {
    const g = grads.get(name) as Float32Array;
    for (let i = 0; i < values.length; i++) {
      const keep = values[i];
      values[i] = keep + eps;
      const up = referenceLoss(p64, config, batch, starts);
      values[i] = keep - eps;
      const down = referenceLoss(p64, config, batch, starts);
      values[i] = keep;
      const numeric = (up - down) / (2 * eps);
      worst = Math.max(worst, Math.abs(g[i] - numeric) / (1e-3 + Math.abs(numeric)));
    }
  }
  assert.ok(worst < 1e-3, `worst relative gradient error ${worst}`);
}

for (const cell of CELL_KINDS) {
  test(`BPTT gradients of a 2-layer ${cell} match float64 finite differences (cpu)`, async () => {
    await useBackend('cpu');
    await checkGradients({ cell, vocabSize: V, hiddenSize: 3, numLayers: 2 }, false);
  });
}

test('gradients with a carried (detached) state match finite differences (wasm)', async () => {
  await useBackend('wasm');
  await checkGradients({ cell: 'lstm', vocabSize: V, hiddenSize: 3, numLayers: 2 }, true);
});
