/**
 * Derivatives of the gate activations, written from the activation's own output (which the
 * forward pass keeps) rather than from its input: what every cell's backward step shares.
 */
import * as tf from '@tensorflow/tfjs';

/** ∂ℓ/∂z for A = σ(z), from ∂ℓ/∂A and A: σ'(z) = A ⊙ (1 − A). */
export function sigmoidGrad(dA: tf.Tensor2D, A: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(dA, tf.mul(A, tf.sub(1, A)));
}

/** ∂ℓ/∂z for A = tanh(z), from ∂ℓ/∂A and A: tanh'(z) = 1 − A². */
export function tanhGrad(dA: tf.Tensor2D, A: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(dA, tf.sub(1, tf.square(A)));
}
