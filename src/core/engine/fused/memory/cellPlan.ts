/**
 * What each cell needs from the fused engine's memory: how many gates share the packed
 * weights, which column blocks of W_h are multiplied separately per step, and which extra
 * per-step buffers the backward pass reads.
 */
import type { CellKind } from '../../../model/config';
import { CELL_GATES } from '../../../model/paramSpec';

/** Columns [first·h, (first + count)·h) of the packed W_h, multiplied as one product per step. */
export interface RecurrentBlock {
  readonly first: number;
  readonly count: number;
}

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

export const CELL_PLANS: Readonly<Record<CellKind, CellPlan>> = {
  lstm: { gates: CELL_GATES.lstm.length, recurrentBlocks: [{ first: 0, count: 4 }], keepsCell: true, keepsResetHidden: false },
  gru: { gates: CELL_GATES.gru.length, recurrentBlocks: [{ first: 0, count: 2 }, { first: 2, count: 1 }], keepsCell: false, keepsResetHidden: true },
  rnn: { gates: CELL_GATES.rnn.length, recurrentBlocks: [{ first: 0, count: 1 }], keepsCell: false, keepsResetHidden: false },
};
