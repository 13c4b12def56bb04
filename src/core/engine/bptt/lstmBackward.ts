/** BPTT through d2l 10.1's LSTM cell: the forward equations of LstmCell, differentiated. */
import * as tf from '@tensorflow/tfjs';
import type { CellState, GateValues } from '../../model/recurrentCell';
import { sigmoidGrad, tanhGrad } from './activationGrads';
import type { CellBackStep, CellBackward } from './cellBackward';
import { transposedProduct } from './transposedProduct';

export class LstmBackward implements CellBackward {
  /** W_hᵀ [4h, h], made once per minibatch: ∂H_{t−1} = ∂Z_t W_hᵀ. */
  private readonly W_hT: tf.Tensor2D;

  constructor(W_h: tf.Tensor2D) {
    this.W_hT = tf.transpose(W_h);
  }

  step(gates: GateValues, prev: CellState, dState: { h: tf.Tensor2D; c?: tf.Tensor2D }): CellBackStep {
    const { I, F, O, C_tilde, C } = gates;
    const tanhC = tf.tanh(C);
    const dH = dState.h;
    // H_t = O_t ⊙ tanh(C_t): ∂O_t = ∂H_t ⊙ tanh(C_t), and C_t gets ∂H_t ⊙ O_t ⊙ tanh'(C_t)
    const dO = tf.mul<tf.Tensor2D>(dH, tanhC);
    const dFromH = tanhGrad(tf.mul(dH, O), tanhC);
    const dC = dState.c ? tf.add<tf.Tensor2D>(dState.c, dFromH) : dFromH;
    // C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    const dZ = tf.concat<tf.Tensor2D>(
      [
        sigmoidGrad(tf.mul(dC, C_tilde), I), // I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)
        sigmoidGrad(tf.mul(dC, prev.c as tf.Tensor2D), F), // F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)
        sigmoidGrad(dO, O), // O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)
        tanhGrad(tf.mul(dC, I), C_tilde), // C̃_t = tanh(X_t W_xc + H_{t−1} W_hc + b_c)
      ],
      1,
    );
    return { dZ, dPrev: { h: tf.matMul(dZ, this.W_hT), c: tf.mul<tf.Tensor2D>(dC, F) } };
  }

  recurrentWeightGrad(prevH: tf.Tensor2D, _gates: readonly GateValues[], dZ: tf.Tensor2D): tf.Tensor2D {
    return transposedProduct(prevH, dZ); // ∂W_h = Σ_t H_{t−1}ᵀ ∂Z_t
  }
}
