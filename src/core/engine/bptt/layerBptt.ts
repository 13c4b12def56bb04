/**
 * One recurrent layer over a minibatch, forward keeping what BPTT needs, and backward through
 * time. Steps travel as lists of [batch, ·] tensors, never as one [steps, batch, ·] tensor cut
 * per step: tf.js's WASM backend copies a tensor's whole buffer for every slice of it, so
 * cutting a 35-step tensor into steps costs 35 full copies.
 *
 * Forward is the scratch cell's own step (d2l's equations in src/core/model); backward is
 * the cell's CellBackward per step, with the weight gradients summed over the sequence as
 * one product each: ∂W_x = Xᵀ ∂Z, ∂b = Σ ∂Z, ∂W_h by the cell.
 */
import * as tf from '@tensorflow/tfjs';
import { cellFactories } from '../../model/cells/cellFactories';
import type { CellState, GateValues, RecurrentCell } from '../../model/recurrentCell';
import { transposedProduct } from './transposedProduct';

/** What one layer's forward pass keeps for its backward pass. */
export interface LayerTape {
  /** X_t of every step, [batch, d]. */
  readonly inputs: readonly tf.Tensor2D[];
  /** The state each step started from: (H_{t−1}, C_{t−1}). */
  readonly prev: readonly CellState[];
  /** Every step's named gate values. */
  readonly gates: readonly GateValues[];
  /** H_t of every step, [batch, h]: the layer's output. */
  readonly outputs: readonly tf.Tensor2D[];
  /** The state after the last step. */
  readonly final: CellState;
}

/** The layer's packed parameter gradients, and ∂X_t per step when asked for. */
export interface LayerGrads {
  readonly dW_x: tf.Tensor2D;
  readonly dW_h: tf.Tensor2D;
  readonly db: tf.Tensor1D;
  readonly dInputs?: readonly tf.Tensor2D[];
}

/** Runs `cell` over `inputs` from `start`, keeping every step's gates. */
export function forwardLayer(cell: RecurrentCell, inputs: readonly tf.Tensor2D[], start: CellState): LayerTape {
  const prev: CellState[] = [];
  const gates: GateValues[] = [];
  let state = start;
  for (const x of inputs) {
    prev.push(state);
    const step = cell.step(cell.projectInput(x), state);
    gates.push(step.gates);
    state = step.state;
  }
  return { inputs, prev, gates, outputs: [...prev.slice(1).map((s) => s.h), state.h], final: state };
}

/**
 * BPTT through the layer from ∂ℓ/∂H_t of every step (`dOutputs`). The final state is detached,
 * so nothing flows in from after the last step, and the start state's gradient is left unused.
 */
export function backwardLayer(cell: RecurrentCell, tape: LayerTape, dOutputs: readonly tf.Tensor2D[], withInputGrads: boolean): LayerGrads {
  const back = cellFactories(cell.kind).makeBackward(cell.W_h);
  const steps = tape.inputs.length;
  const dZ: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
  let dNext: CellState | undefined;
  for (let t = steps - 1; t >= 0; t--) {
    // H_t feeds the output and step t + 1; C_t only step t + 1
    const dH = dNext ? tf.add<tf.Tensor2D>(dOutputs[t], dNext.h) : dOutputs[t];
    const step = back.step(tape.gates[t], tape.prev[t], { h: dH, c: dNext?.c });
    dZ[t] = step.dZ;
    dNext = step.dPrev;
  }
  const dZAll = tf.concat(dZ);
  const W_xT = withInputGrads ? tf.transpose(cell.W_x) : undefined;
  return {
    dW_x: transposedProduct(tf.concat([...tape.inputs]), dZAll), // ∂W_x = Σ_t X_tᵀ ∂Z_t
    dW_h: back.recurrentWeightGrad(tf.concat(tape.prev.map((s) => s.h)), tape.gates, dZAll),
    db: tf.sum(dZAll, 0), // ∂b = Σ_t Σ_rows ∂Z_t
    ...(W_xT && { dInputs: dZ.map((d) => tf.matMul(d, W_xT)) }), // ∂X_t = ∂Z_t W_xᵀ
  };
}
