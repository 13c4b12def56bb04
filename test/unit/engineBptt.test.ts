import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { modelBptt } from '../../src/core/engine/bptt/modelBptt';
import { crossEntropy } from '../../src/core/engine/crossEntropy';
import { oneHotInputs, timeMajorTargets } from '../../src/core/model/batchTensors';
import { CELL_KINDS, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { LanguageModel } from '../../src/core/model/languageModel';
import { paramTensors, readParams } from '../../src/core/model/paramTensors';
import type { StackState } from '../../src/core/model/recurrentStack';
import { Rng } from '../../src/core/util/rng';
import { randomBatch, relDiff, worstParam } from './fusedHelpers';

const TOL = 1e-5;

/** A carried state that is not zero, so the start state's part in the first step is checked too. */
function randomState(config: ModelConfig, batchSize: number, seed: number): StackState {
  const shape: [number, number, number] = [config.numLayers, batchSize, config.hiddenSize];
  const h = tf.randomUniform(shape, -0.9, 0.9, 'float32', seed) as tf.Tensor3D;
  return config.cell === 'lstm' ? { h, c: tf.randomUniform(shape, -2, 2, 'float32', seed + 1) as tf.Tensor3D } : { h };
}

async function compareWithAutodiff(config: ModelConfig): Promise<void> {
  const tensors = paramTensors(config, initParams(config, 3, 0.5));
  const vars = new Map([...tensors].map(([name, t]) => [name, tf.variable(t)]));
  const batch = randomBatch(new Rng(8), config.vocabSize, 3, 6);
  const start = randomState(config, batch.batchSize, 5);

  const hand = modelBptt(config, (name) => vars.get(name) as tf.Variable, batch, start);
  // The reference: tf.js's autodiff through the scratch model, as the engine once trained.
  let autoState: StackState | undefined;
  const auto = tf.variableGrads(() => {
    const out = new LanguageModel(config, (name) => vars.get(name) as tf.Variable).forward(oneHotInputs(batch, config.vocabSize), start);
    autoState = { h: tf.keep(out.state.h), ...(out.state.c && { c: tf.keep(out.state.c) }) };
    return crossEntropy(out.logits, timeMajorTargets(batch));
  });

  assert.ok(relDiff(await hand.loss.data(), await auto.value.data()) <= TOL);
  const autoGrads = await readParams(new Map([...vars].map(([name, v]) => [name, auto.grads[v.name]])));
  const worst = worstParam(await readParams(hand.grads), autoGrads);
  assert.equal(hand.grads.size, autoGrads.size);
  assert.ok(worst.diff <= TOL, `∂${worst.name} differs by ${worst.diff}`);
  const finals = autoState as StackState;
  assert.ok(relDiff(await hand.state.h.data(), await finals.h.data()) <= TOL);
  if (finals.c) assert.ok(relDiff(await (hand.state.c as tf.Tensor).data(), await finals.c.data()) <= TOL);

  tf.dispose([hand.loss, ...hand.grads.values(), hand.state.h, hand.state.c, auto.value, ...Object.values(auto.grads)]);
  tf.dispose([finals.h, finals.c, start.h, start.c, ...vars.values(), ...tensors.values()]);
}

for (const cell of CELL_KINDS) {
  test(`hand-written BPTT gives tf.variableGrads' loss, gradients and final state on the scratch model (2-layer ${cell}, carried state, cpu)`, async () => {
    await useBackend('cpu');
    await compareWithAutodiff({ cell, vocabSize: 7, hiddenSize: 5, numLayers: 2 });
  });
}

test('hand-written BPTT matches autodiff on wasm and frees every intermediate tensor', async () => {
  await useBackend('wasm');
  const before = tf.memory().numTensors;
  await compareWithAutodiff({ cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 2 });
  assert.equal(tf.memory().numTensors, before);
});
