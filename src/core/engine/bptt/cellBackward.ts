/**
 * One cell's backward step through time, written out from d2l's forward equations: given what
 * the forward step kept (its gate values and the previous state) and ∂ℓ/∂ of the state it
 * produced, the gradient at the gates' pre-activations and at the previous state.
 *
 * The pre-activation gradient ∂Z_t ([batch, G·h], gates in CELL_GATES order) is the gradient
 * at X_t W_x + b, so the layer turns the whole sequence's ∂Z into ∂W_x, ∂b (and ∂X) with one
 * product each; only ∂W_h depends on the cell (the GRU's candidate sees R ⊙ H, not H).
 */
import type * as tf from '@tensorflow/tfjs';
import type { CellState, GateValues } from '../../model/recurrentCell';

export interface CellBackStep {
  /** ∂ℓ/∂Z_t: the gradient at every gate's pre-activation, [batch, G·h]. */
  readonly dZ: tf.Tensor2D;
  /** ∂ℓ/∂(H_{t−1}, C_{t−1}) through this step. */
  readonly dPrev: CellState;
}

export interface CellBackward {
  /**
   * One step back. `dState` is ∂ℓ/∂ of the step's output state: H_t's gradient from the output
   * and from step t + 1; C_t's from step t + 1 (absent on the last step: the state that leaves
   * the minibatch is detached).
   */
  step(gates: GateValues, prev: CellState, dState: { h: tf.Tensor2D; c?: tf.Tensor2D }): CellBackStep;
  /**
   * ∂ℓ/∂W_h [h, G·h] summed over the sequence, as one product over all steps: the H_{t−1} of
   * every step stacked [steps·batch, h], their gate values, and ∂Z stacked [steps·batch, G·h].
   */
  recurrentWeightGrad(prevH: tf.Tensor2D, gates: readonly GateValues[], dZ: tf.Tensor2D): tf.Tensor2D;
}
