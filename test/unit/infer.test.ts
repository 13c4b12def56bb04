import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { CELL_KINDS, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { LanguageModel } from '../../src/core/model/languageModel';
import { paramTensors } from '../../src/core/model/paramTensors';
import { oneHotInputs } from '../../src/core/model/batchTensors';
import { trace } from '../../src/core/infer/gateTrace';
import { Stepper } from '../../src/core/infer/stepper';
import { logSoftmax } from '../../src/core/infer/distribution';

const tokens = [3, 0, 5, 5, 1, 6, 2, 4, 0, 3, 3, 1];

/** The tf.js forward of one sequence (batch 1): logits [steps, V] and the top layer's H [steps, h]. */
function tfForward(config: ModelConfig, params: Map<string, Float32Array>) {
  const tensors = paramTensors(config, params);
  const out = tf.tidy(() => {
    const model = new LanguageModel(config, (n) => tensors.get(n) as tf.Tensor);
    const x = oneHotInputs({ inputs: Int32Array.from(tokens), targets: Int32Array.from(tokens), batchSize: 1, numSteps: tokens.length }, config.vocabSize);
    const { logits } = model.forward(x);
    const H = model.stack.forward(x).output;
    return { logits: logits.arraySync() as number[][], H: (H.arraySync() as number[][][]).map((r) => r[0]) };
  });
  tf.dispose([...tensors.values()]);
  return out;
}

for (const cell of CELL_KINDS) {
  test(`the plain stepper traces what the tf.js ${cell} computes (2 layers, ≤ 1e-5)`, async () => {
    await useBackend('cpu');
    const config: ModelConfig = { cell, vocabSize: 7, hiddenSize: 6, numLayers: 2 };
    const params = initParams(config, 21, 0.5);
    const ref = tfForward(config, params);
    const stepper = new Stepper(params, config);
    const t = trace(stepper, config, tokens, { topK: 3 });
    assert.equal(t.steps.length, tokens.length);
    let maxDiff = 0;
    t.steps.forEach((s, i) => {
      assert.deepEqual(Object.keys(s.layers[1]), cell === 'lstm' ? ['I', 'F', 'O', 'C_tilde', 'C', 'H'] : cell === 'gru' ? ['R', 'Z', 'H_tilde', 'H'] : ['H']);
      s.layers[1].H.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - ref.H[i][j]))));
      // topK at step i is the distribution after token i: the tf.js logits of row i.
      const lp = logSoftmax(ref.logits[i]);
      assert.equal(s.topK[0].token, lp.indexOf(Math.max(...lp)));
      maxDiff = Math.max(maxDiff, Math.abs(Math.log(s.topK[0].prob) - Math.max(...lp)));
      // Surprisal of token i+1 is −log p under the same row.
      if (i + 1 < tokens.length) maxDiff = Math.max(maxDiff, Math.abs(t.steps[i + 1].surprisal + lp[tokens[i + 1]]));
    });
    assert.ok(maxDiff <= 1e-5, `max diff ${maxDiff}`);
  });
}

test('a trace continues from a saved state exactly as one long trace', () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 2 };
  const params = initParams(config, 4, 0.5);
  const whole = trace(params, config, tokens);
  const first = trace(params, config, tokens.slice(0, 5));
  const rest = trace(params, config, tokens.slice(5), { fromState: first.finalState });
  const joined = [...first.steps, ...rest.steps];
  joined.forEach((s, i) => {
    assert.deepEqual(s.layers, whole.steps[i].layers);
    assert.equal(s.surprisal, whole.steps[i].surprisal);
  });
  assert.deepEqual(rest.finalState, whole.finalState);
  // The saved state was not changed by continuing from it.
  assert.deepEqual(first.finalState, trace(params, config, tokens.slice(0, 5)).finalState);
  // LSTM values have the ranges the equations give them.
  for (const s of whole.steps) {
    for (const g of ['I', 'F', 'O']) assert.ok(s.layers[0][g].every((v) => v > 0 && v < 1));
    assert.ok(s.layers[0].C_tilde.every((v) => Math.abs(v) < 1));
  }
});

test('the stepper rejects a token outside the vocabulary', () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 3, hiddenSize: 2, numLayers: 1 };
  assert.throws(() => trace(initParams(config, 1), config, [0, 3]), /Token id 3 is outside the vocabulary of 3/);
});
