/** Runs one layer's recurrence (forward through T steps, or BPTT) with the kernels of its cell. */
import type { CellKind } from '../../../model/config';
import type { FusedKernels } from './kernels';
import type { BatchLayout, LayerActivationsLayout, LayerPackedLayout } from '../memory/layout';

/** Shape of the recurrence: batch B, steps T, hidden h. */
export interface RecurrenceShape {
  readonly B: number;
  readonly T: number;
  readonly h: number;
}

/** Forward: `act.gates` holds X W_x + b on entry; hs[1..T] (and C or R ⊙ H) on return. */
export function cellForward(k: FusedKernels, cell: CellKind, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout): void {
  const [w0, w1] = packed.recurrent;
  switch (cell) {
    case 'lstm': return k.lstmForward(s.B, s.T, s.h, act.gates, act.hs, act.cs, act.tanhC, w0);
    case 'gru': return k.gruForward(s.B, s.T, s.h, act.gates, act.hs, act.rh, w0, w1);
    case 'rnn': return k.rnnForward(s.B, s.T, s.h, act.gates, act.hs, w0);
  }
}

/** BPTT from batch.dHin: leaves ∂Z in `act.gates` and writes ∂W_h to `dwh`. */
export function cellBackward(k: FusedKernels, cell: CellKind, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout, batch: BatchLayout, dwh: number): void {
  const [t0, t1] = packed.recurrentT;
  const { dHin, dHnext, dAux, packScratch } = batch;
  switch (cell) {
    case 'lstm': return k.lstmBackward(s.B, s.T, s.h, act.gates, act.hs, act.cs, act.tanhC, dHin, dHnext, dAux, t0, dwh, packScratch);
    case 'gru': return k.gruBackward(s.B, s.T, s.h, act.gates, act.hs, act.rh, dHin, dHnext, dAux, t0, t1, dwh, packScratch);
    case 'rnn': return k.rnnBackward(s.B, s.T, s.h, act.gates, act.hs, dHin, dHnext, t0, dwh, packScratch);
  }
}
