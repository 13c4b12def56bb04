/**
 * What every tf.js cell shares: its gate parameters packed side by side, so one matmul serves
 * all gates, and the one-step contract of PyTorch's LSTMCell ((x_t, (h, c)) → (h, c)).
 *
 * Packing is done with tf.concat from the named tensors (`W_xi`, `W_xf`, ...), so gradients
 * still reach each named parameter: build a cell inside the gradient tape (tf.variableGrads).
 * The tf.js engine's hand-written BPTT (engine/bptt) differentiates the packed tensors instead
 * and splits their gradients back by name.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKind } from './config';
import { CELL_GATES } from './paramSpec';

/** Looks up one of a layer's parameters by its d2l name without the layer prefix (`W_xi`). */
export type LayerParams = (name: string) => tf.Tensor;

/** A cell's state at one time step: H [batch, h], and C [batch, h] for the LSTM only. */
export interface CellState {
  readonly h: tf.Tensor2D;
  readonly c?: tf.Tensor2D;
}

/** One step's named gate values ([batch, h] each: `I`, `F`, `O`, `C_tilde`, `C`, `H` for the LSTM). */
export type GateValues = Readonly<Record<string, tf.Tensor2D>>;

/** What one step yields: the next state and every gate on the way, for tests and traces. */
export interface CellStep {
  readonly state: CellState;
  readonly gates: GateValues;
}

/**
 * A recurrent cell of d2l ch. 9/10. Its parameters are the gates of CELL_GATES[kind], packed
 * in that order: W_x [d, G·h], W_h [h, G·h], b [G·h].
 */
export abstract class RecurrentCell {
  abstract readonly kind: CellKind;
  /** [W_x* of every gate] side by side: [d, G·h]. */
  readonly W_x: tf.Tensor2D;
  /** [W_h* of every gate] side by side: [h, G·h]. */
  readonly W_h: tf.Tensor2D;
  /** [b_* of every gate]: [G·h]. */
  readonly b: tf.Tensor1D;

  constructor(kind: CellKind, p: LayerParams) {
    const gates = CELL_GATES[kind];
    this.W_x = tf.concat(gates.map((g) => p(g.wx) as tf.Tensor2D), 1);
    this.W_h = tf.concat(gates.map((g) => p(g.wh) as tf.Tensor2D), 1);
    this.b = tf.concat(gates.map((g) => p(g.b) as tf.Tensor1D), 0);
  }

  /**
   * X W_x* + b_* for every gate and every row at once: [n, d] → [n, G·h]. The stack calls it
   * once for all time steps, so each step only adds its recurrent term H_{t−1} W_h*.
   */
  projectInput(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.W_x), this.b);
  }

  /** One time step from the projected input of step t ([batch, G·h]) and the previous state. */
  abstract step(xProj: tf.Tensor2D, state: CellState): CellStep;

  /** PyTorch's cell call: one step from the raw input x_t [batch, d]. */
  call(x: tf.Tensor2D, state: CellState): CellState {
    return this.step(this.projectInput(x), state).state;
  }
}
