/** d2l's loss: mean softmax cross-entropy of logits against target ids, and its gradient. */
import * as tf from '@tensorflow/tfjs';
import { oneHot } from '../model/batchTensors';

/** Mean softmax cross-entropy of logits [n, V] against target ids [n]: −mean log softmax(ŷ)_y. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.logSoftmax(logits), oneHot(targets, logits.shape[1])), 1);
  return tf.neg(tf.mean<tf.Scalar>(picked));
}

/** The same loss with ∂loss/∂logits = (softmax(ŷ) − onehot(y)) / n, for backpropagation by hand. */
export function crossEntropyWithGrad(logits: tf.Tensor2D, targets: tf.Tensor1D): { loss: tf.Scalar; dLogits: tf.Tensor2D } {
  const [n, vocabSize] = logits.shape;
  const logP = tf.logSoftmax(logits);
  const Y = oneHot(targets, vocabSize);
  return {
    loss: tf.div(tf.sum(tf.mul(logP, Y)), -n),
    dLogits: tf.div(tf.sub(tf.exp(logP), Y), n),
  };
}
