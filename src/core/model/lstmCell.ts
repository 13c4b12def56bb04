/** d2l 10.1's LSTM cell, its four gates computed by one matmul and named one by one. */
import * as tf from '@tensorflow/tfjs';
import { CellState, CellStep, LayerParams, RecurrentCell } from './recurrentCell';

export class LstmCell extends RecurrentCell {
  readonly kind = 'lstm';

  constructor(p: LayerParams) {
    super('lstm', p);
  }

  step(xProj: tf.Tensor2D, state: CellState): CellStep {
    if (!state.c) throw new Error('An LSTM state needs a memory cell C');
    // X_t W_x* + b_* + H_{t−1} W_h* for the gates I, F, O, C̃ side by side
    const [zI, zF, zO, zC] = tf.split<tf.Tensor2D>(tf.add<tf.Tensor2D>(xProj, tf.matMul(state.h, this.W_h)), 4, 1);
    const I = tf.sigmoid(zI); // I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)
    const F = tf.sigmoid(zF); // F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)
    const O = tf.sigmoid(zO); // O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)
    const C_tilde = tf.tanh(zC); // C̃_t = tanh(X_t W_xc + H_{t−1} W_hc + b_c)
    const C = tf.add<tf.Tensor2D>(tf.mul<tf.Tensor2D>(F, state.c), tf.mul<tf.Tensor2D>(I, C_tilde)); // C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    const H = tf.mul<tf.Tensor2D>(O, tf.tanh(C)); // H_t = O_t ⊙ tanh(C_t)
    return { state: { h: H, c: C }, gates: { I, F, O, C_tilde, C, H } };
  }
}
