/** Runs one layer's recurrence (forward through T steps, or BPTT) with the kernels of its cell. */
import { cellSpec } from '../../../model/cells/cellSpecs';
import type { RecurrenceShape } from '../../../model/cells/cellSpec';
import type { CellKind } from '../../../model/config';
import type { FusedKernels } from './kernels';
import type { BatchLayout, LayerActivationsLayout, LayerPackedLayout } from '../memory/layout';

export type { RecurrenceShape } from '../../../model/cells/cellSpec';

/** Forward: `act.gates` holds X W_x + b on entry; hs[1..T] (and C or R ⊙ H) on return. */
export function cellForward(k: FusedKernels, cell: CellKind, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout): void {
  cellSpec(cell).fusedForward(k, s, act, packed);
}

/** BPTT from batch.dHin: leaves ∂Z in `act.gates` and writes ∂W_h to `dwh`. */
export function cellBackward(k: FusedKernels, cell: CellKind, s: RecurrenceShape, act: LayerActivationsLayout, packed: LayerPackedLayout, batch: BatchLayout, dwh: number): void {
  cellSpec(cell).fusedBackward(k, s, act, packed, batch, dwh);
}
