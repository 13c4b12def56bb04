/**
 * BPTT through d2l 10.2's GRU cell, the forward equations of GruCell differentiated. The
 * candidate's recurrent product reads R_t ⊙ H_{t−1}, so W_hh's gradient and the path back to
 * H_{t−1} through it are taken apart from the reset and update gates' [W_hr W_hz].
 */
import * as tf from '@tensorflow/tfjs';
import type { CellState, GateValues } from '../../model/recurrentCell';
import { sigmoidGrad, tanhGrad } from './activationGrads';
import type { CellBackStep, CellBackward } from './cellBackward';
import { transposedProduct } from './transposedProduct';

export class GruBackward implements CellBackward {
  /** [W_hr W_hz]ᵀ [2h, h]. */
  private readonly W_hrzT: tf.Tensor2D;
  /** W_hhᵀ [h, h]. */
  private readonly W_hhT: tf.Tensor2D;

  constructor(W_h: tf.Tensor2D) {
    const h = W_h.shape[0];
    const [W_hrz, W_hh] = tf.split<tf.Tensor2D>(W_h, [2 * h, h], 1);
    this.W_hrzT = tf.transpose(W_hrz);
    this.W_hhT = tf.transpose(W_hh);
  }

  step(gates: GateValues, prev: CellState, dState: { h: tf.Tensor2D }): CellBackStep {
    const { R, Z, H_tilde } = gates;
    const dH = dState.h;
    // H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
    const dZ_z = sigmoidGrad(tf.mul(dH, tf.sub(prev.h, H_tilde)), Z); // Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)
    const dZ_h = tanhGrad(tf.mul(dH, tf.sub(1, Z)), H_tilde); // H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)
    const dRH = tf.matMul(dZ_h, this.W_hhT); // ∂(R_t ⊙ H_{t−1})
    const dZ_r = sigmoidGrad(tf.mul(dRH, prev.h), R); // R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)
    const dZ_rz = tf.concat<tf.Tensor2D>([dZ_r, dZ_z], 1);
    // H_{t−1} reaches the loss directly (Z_t ⊙ H_{t−1}), through R_t ⊙ H_{t−1}, and through the gates' product
    const dPrevH = tf.addN<tf.Tensor2D>([tf.mul<tf.Tensor2D>(dH, Z), tf.mul<tf.Tensor2D>(dRH, R), tf.matMul<tf.Tensor2D>(dZ_rz, this.W_hrzT)]);
    return { dZ: tf.concat<tf.Tensor2D>([dZ_rz, dZ_h], 1), dPrev: { h: dPrevH } };
  }

  recurrentWeightGrad(prevH: tf.Tensor2D, gates: readonly GateValues[], dZ: tf.Tensor2D): tf.Tensor2D {
    const h = prevH.shape[1];
    const [dZ_rz, dZ_h] = tf.split<tf.Tensor2D>(dZ, [2 * h, h], 1);
    const resetH = tf.mul<tf.Tensor2D>(tf.concat(gates.map((g) => g.R)), prevH); // R_t ⊙ H_{t−1}, all steps
    // ∂[W_hr W_hz] = Σ_t H_{t−1}ᵀ ∂Z_t^{r,z};  ∂W_hh = Σ_t (R_t ⊙ H_{t−1})ᵀ ∂Z_t^h
    return tf.concat([transposedProduct(prevH, dZ_rz), transposedProduct(resetH, dZ_h)], 1);
  }
}
