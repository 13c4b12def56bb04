import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { CELL_KINDS, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { LanguageModel } from '../../src/core/model/languageModel';
import { paramTensors } from '../../src/core/model/paramTensors';
import { ConciseTwin, toLayersWeights } from '../../src/core/model/conciseTwin';
import { oneHotInputs } from '../../src/core/model/batchTensors';
import { Rng } from '../../src/core/util/rng';

function randomBatch(vocabSize: number, batchSize: number, numSteps: number, seed: number) {
  const rng = new Rng(seed);
  const ids = Int32Array.from({ length: batchSize * numSteps }, () => rng.int(0, vocabSize - 1));
  return { inputs: ids, targets: ids, batchSize, numSteps };
}

test('the LSTM converter packs gates in tf.layers order i, f, c, o', async () => {
  await useBackend('cpu');
  const config: ModelConfig = { cell: 'lstm', vocabSize: 3, hiddenSize: 2, numLayers: 1 };
  const params = initParams(config, 1);
  for (const [i, gate] of ['i', 'f', 'o', 'c'].entries()) params.set(`l0.b_${gate}`, new Float32Array([i, i]));
  const { layers, head } = toLayersWeights(config, params);
  assert.deepEqual(Array.from(layers[0][2].dataSync()), [0, 0, 1, 1, 3, 3, 2, 2]);
  assert.deepEqual(layers[0][0].shape, [3, 8]);
  tf.dispose([...layers.flat(), ...head]);
});

for (const backend of ['cpu', 'wasm'] as const) {
  for (const cell of CELL_KINDS) {
    test(`scratch ${cell} and its tf.layers twin agree from the same weights (${backend})`, async () => {
      await useBackend(backend);
      const config: ModelConfig = { cell, vocabSize: 7, hiddenSize: 5, numLayers: 2 };
      // Large weights, so the nonlinearities are far from linear and a wrong gate order shows.
      const params = initParams(config, 11, 0.6);
      const twin = new ConciseTwin(config, params);
      const tensors = paramTensors(config, params);
      const diff = tf.tidy(() => {
        const x = oneHotInputs(randomBatch(7, 3, 6, 5), 7);
        assert.equal(tf.sum(x).dataSync()[0], 3 * 6, 'one 1 per input row');
        const scratch = new LanguageModel(config, (n) => tensors.get(n) as tf.Tensor).forward(x).logits;
        return tf.max(tf.abs(tf.sub(scratch, twin.forward(x)))).dataSync()[0];
      });
      twin.dispose();
      tf.dispose([...tensors.values()]);
      assert.ok(diff <= 1e-5, `max abs diff ${diff}`);
    });
  }
}
