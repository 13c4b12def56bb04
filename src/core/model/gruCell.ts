/** d2l 10.2's GRU cell: reset and update gates by one matmul, the candidate after the reset. */
import * as tf from '@tensorflow/tfjs';
import { CellState, CellStep, LayerParams, RecurrentCell } from './recurrentCell';

export class GruCell extends RecurrentCell {
  readonly kind = 'gru';
  /** [W_hr W_hz]: the recurrent weights of the two gates that see H_{t−1} directly, [h, 2h]. */
  private readonly W_hrz: tf.Tensor2D;
  /** W_hh [h, h]: the candidate's recurrent weights, applied to R ⊙ H_{t−1}. */
  private readonly W_hh: tf.Tensor2D;

  constructor(p: LayerParams) {
    super('gru', p);
    const h = this.W_h.shape[0];
    [this.W_hrz, this.W_hh] = tf.split<tf.Tensor2D>(this.W_h, [2 * h, h], 1);
  }

  step(xProj: tf.Tensor2D, state: CellState): CellStep {
    const h = this.W_hh.shape[0];
    const [xRZ, xH] = tf.split<tf.Tensor2D>(xProj, [2 * h, h], 1); // X_t W_x* + b_* for R, Z and H̃
    const [zR, zZ] = tf.split<tf.Tensor2D>(tf.add<tf.Tensor2D>(xRZ, tf.matMul(state.h, this.W_hrz)), 2, 1);
    const R = tf.sigmoid(zR); // R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)
    const Z = tf.sigmoid(zZ); // Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)
    const H_tilde = tf.tanh(tf.add<tf.Tensor2D>(xH, tf.matMul(tf.mul<tf.Tensor2D>(R, state.h), this.W_hh))); // H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)
    const H = tf.add<tf.Tensor2D>(tf.mul<tf.Tensor2D>(Z, state.h), tf.mul<tf.Tensor2D>(tf.sub<tf.Tensor2D>(1, Z), H_tilde)); // H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
    return { state: { h: H }, gates: { R, Z, H_tilde, H } };
  }
}
