/**
 * What each cell needs from the fused engine's memory: how many gates share the packed
 * weights, which column blocks of W_h are multiplied separately per step, and which extra
 * per-step buffers the backward pass reads.
 */
import type { CellKind } from '../../../model/config';
import type { RecurrentBlock } from '../../../model/cells/cellInfo';
import { perCellKind } from '../../../model/cells/cellInfos';

export interface CellPlan {
  /** G: gates side by side in the packed W_x, W_h, b (4 for LSTM, 3 for GRU, 1 for RNN). */
  readonly gates: number;
  /** LSTM and RNN: all of W_h at once; GRU: [W_hr | W_hz], then W_hh applied to R ⊙ H. */
  readonly recurrentBlocks: readonly RecurrentBlock[];
  /** LSTM keeps the memory cell C for every step. */
  readonly keepsCell: boolean;
  /** GRU keeps R ⊙ H_{t−1} for every step (the input of W_hh). */
  readonly keepsResetHidden: boolean;
}

export const CELL_PLANS: Readonly<Record<CellKind, CellPlan>> = perCellKind((c) => ({
  gates: c.gates.length,
  recurrentBlocks: c.recurrentBlocks,
  keepsCell: c.hasCellState,
  keepsResetHidden: c.keepsResetHidden,
}));
