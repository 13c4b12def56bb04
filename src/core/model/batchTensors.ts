/** Minibatch ids to the tensors the model reads, as d2l does with `F.one_hot(X.T, V)` and `Y.T.reshape(-1)`. */
import * as tf from '@tensorflow/tfjs';
import type { Minibatch } from '../data/minibatch';

/**
 * Float one-hot rows of `ids`. Made as int32 and cast: tf.js 4.22's WASM OneHot kernel writes
 * integer bits into a float32 output (1 becomes 1.4e−45), so asking it for float32 gives zeros.
 */
export function oneHot(ids: tf.Tensor, depth: number): tf.Tensor {
  return tf.cast(tf.oneHot(ids, depth), 'float32');
}

/** Inputs [batch, steps] (row-major ids) → one-hot [steps, batch, V], time-major like PyTorch. */
export function oneHotInputs(batch: Minibatch, vocabSize: number): tf.Tensor3D {
  const ids = tf.tensor2d(batch.inputs, [batch.batchSize, batch.numSteps], 'int32');
  return oneHot(tf.transpose(ids), vocabSize) as tf.Tensor3D;
}

/** Targets [batch, steps] → [steps·batch] in the logits' time-major row order. */
export function timeMajorTargets(batch: Minibatch): tf.Tensor1D {
  const ids = tf.tensor2d(batch.targets, [batch.batchSize, batch.numSteps], 'int32');
  return tf.reshape(tf.transpose(ids), [-1]);
}
