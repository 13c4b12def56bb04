/**
 * A cell kind's CellInfo and the code that runs it without tf.js: its float64 step (the
 * Stepper's) and its fused WebAssembly kernels' forward and backward calls (cellPasses'). No
 * tf.js here either, so the fused engine's worker threads and the Stepper stay free of it; the
 * tf.js factories (cell, backward step, Keras twin) are CellFactories.
 */
import type { FusedKernels } from '../../engine/fused/kernels/kernels';
import type { BatchLayout, LayerActivationsLayout, LayerPackedLayout } from '../../engine/fused/memory/layout';
import type { CellInfo } from './cellInfo';
import type { GateBuffers } from './float64';

/** What BPTT reads and carries between steps: ∂H from above, and ∂H (∂C or ∂(R ⊙ H)) to the previous step. */
export type BackwardCarries = Pick<BatchLayout, 'dHin' | 'dHnext' | 'dAux'>;

/** Shape of the recurrence: batch B, steps T, hidden h. */
export interface RecurrenceShape {
  readonly B: number;
  readonly T: number;
  readonly h: number;
}

/**
 * One float64 step of one layer, given z = X_t W_x* + b_* for every gate ([G·h], used as scratch):
 * adds H_{t−1} W_h* and writes every trace value into `g`. W_h is the packed [h, G·h]; cPrev is
 * C_{t−1}, given to a cell with a cell state. Changes nothing but `z` and `g`.
 */
export type Float64Step = (z: Float64Array, W_h: Float64Array, hPrev: Float64Array, g: GateBuffers, cPrev?: Float64Array) => void;

export interface CellSpec extends CellInfo {
  readonly step64: Float64Step;
  /** Forward through T steps: `act.gates` holds X W_x + b on entry; hs[1..T] (and C or R ⊙ H) on return. */
  readonly fusedForward: (k: FusedKernels, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout) => void;
  /** BPTT from batch.dHin: leaves ∂Z in `act.gates` and writes ∂W_h to `dwh`. */
  readonly fusedBackward: (k: FusedKernels, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout, batch: BatchLayout, dwh: number) => void;
  /** fusedBackward's steps alone: ∂Z in `act.gates`, no ∂W_h, the carries batch.dHnext (and dAux) taken as they are. */
  readonly fusedBackwardSteps: (k: FusedKernels, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout, batch: BackwardCarries) => void;
}
