/**
 * Gradient connectivity by tf.js autodiff on the scratch model (LanguageModel): the reference
 * the fused computation is held to, and the tf.js engine's own way to it. The window's one-hot
 * inputs are the differentiated tensor; the state it starts from is the model's after the
 * earlier tokens, computed outside the gradient (detached).
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../engine/crossEntropy';
import { oneHotInputs } from '../../model/batchTensors';
import type { ModelConfig } from '../../model/config';
import { LanguageModel } from '../../model/languageModel';
import type { ParamSet } from '../../model/paramSpec';
import { paramTensors } from '../../model/paramTensors';
import { StackState, zeroState } from '../../model/recurrentStack';
import { DEFAULT_WINDOW, StepConnectivity, reachOf } from './stepConnectivity';

/** Step `t`'s connectivity on the current tf.js backend (float32), as FusedConnectivity.ofStep defines it. */
export async function tfjsConnectivity(config: ModelConfig, params: ParamSet, tokens: ArrayLike<number>, t: number, window = DEFAULT_WINDOW): Promise<StepConnectivity> {
  const K = reachOf(tokens.length, t, window);
  const tensors = paramTensors(config, params);
  try {
    const norms = tf.tidy(() => {
      const model = new LanguageModel(config, (name) => tensors.get(name) as tf.Tensor);
      const prefix = Int32Array.from({ length: t - K }, (_, i) => tokens[i]);
      const start: StackState = prefix.length > 0 ? model.forward(inputsOf(prefix, config.vocabSize)).state : zeroState(config, 1);
      // the window and one step past it, tokens[t+1]: its input cannot reach the loss at t, and
      // with it no run has a single step, whose unstack tf.js 4.22 cannot differentiate
      const steps = Int32Array.from({ length: K + 2 }, (_, i) => tokens[t - K + i]);
      const target = tf.tensor1d([tokens[t + 1]], 'int32');
      // −log p(tokens[t+1]) from the window's last step only
      const loss = (x: tf.Tensor): tf.Scalar => crossEntropy(tf.slice(model.forward(x as tf.Tensor3D, start).logits, [K, 0], [1, -1]), target);
      const g = tf.grad(loss)(inputsOf(steps, config.vocabSize)); // [K + 2, 1, V]
      return tf.sqrt(tf.sum(tf.square(tf.reshape(tf.slice(g, [0, 0, 0], [K + 1, 1, -1]), [K + 1, config.vocabSize])), 1));
    });
    const bySteps = (await norms.data()) as Float32Array;
    norms.dispose();
    return { t, byDistance: Float32Array.from({ length: K + 1 }, (_, k) => bySteps[K - k]) };
  } finally {
    tf.dispose([...tensors.values()]);
  }
}

/** One-hot [steps, 1, V] of a run of ids (batch 1; the targets are not read). */
function inputsOf(ids: Int32Array, vocabSize: number): tf.Tensor3D {
  return oneHotInputs({ inputs: ids, targets: ids, batchSize: 1, numSteps: ids.length }, vocabSize);
}
