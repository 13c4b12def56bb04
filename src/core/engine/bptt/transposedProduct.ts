/**
 * Aᵀ B by an explicit transpose, then a plain product. tf.js's WASM backend runs
 * matMul(a, b, transposeA) 20–40× slower than the untransposed product (measured on the
 * 256×1120·1120×1024 weight gradient: 650 ms against 15 ms with the transpose written out),
 * which is what made autodiff BPTT slow there: every matMul's gradient asks for a transposed
 * operand.
 */
import * as tf from '@tensorflow/tfjs';

export function transposedProduct(A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.transpose(A), B);
}
