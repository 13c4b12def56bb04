/** Each compared cell's colour, from the theme's chart palette, so the lines read in any theme. */
import type { CellKind } from '../../../src/core/model/config';

export const CELL_COLOURS: Readonly<Record<CellKind, string>> = {
  rnn: 'var(--vscode-charts-red)',
  gru: 'var(--vscode-charts-blue)',
  lstm: 'var(--vscode-charts-green)',
};

/** The name a cell goes by in d2l (RNN, GRU, LSTM). */
export function cellName(cell: CellKind): string {
  return cell.toUpperCase();
}
