/** d2l 9.5's vanilla RNN cell: one hidden transform, no gates. */
import * as tf from '@tensorflow/tfjs';
import { CellState, CellStep, LayerParams, RecurrentCell } from './recurrentCell';

export class RnnCell extends RecurrentCell {
  readonly kind = 'rnn';

  constructor(p: LayerParams) {
    super('rnn', p);
  }

  step(xProj: tf.Tensor2D, state: CellState): CellStep {
    const H = tf.tanh(tf.add<tf.Tensor2D>(xProj, tf.matMul(state.h, this.W_h))); // H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)
    return { state: { h: H }, gates: { H } };
  }
}
