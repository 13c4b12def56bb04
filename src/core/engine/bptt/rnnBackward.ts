/** BPTT through d2l 9.5's vanilla RNN cell: H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h), differentiated. */
import * as tf from '@tensorflow/tfjs';
import type { CellState, GateValues } from '../../model/recurrentCell';
import { tanhGrad } from './activationGrads';
import type { CellBackStep, CellBackward } from './cellBackward';
import { transposedProduct } from './transposedProduct';

export class RnnBackward implements CellBackward {
  /** W_hhᵀ [h, h], made once per minibatch. */
  private readonly W_hT: tf.Tensor2D;

  constructor(W_h: tf.Tensor2D) {
    this.W_hT = tf.transpose(W_h);
  }

  step(gates: GateValues, _prev: CellState, dState: { h: tf.Tensor2D }): CellBackStep {
    const dZ = tanhGrad(dState.h, gates.H);
    return { dZ, dPrev: { h: tf.matMul(dZ, this.W_hT) } }; // ∂H_{t−1} = ∂Z_t W_hhᵀ
  }

  recurrentWeightGrad(prevH: tf.Tensor2D, _gates: readonly GateValues[], dZ: tf.Tensor2D): tf.Tensor2D {
    return transposedProduct(prevH, dZ); // ∂W_hh = Σ_t H_{t−1}ᵀ ∂Z_t
  }
}
