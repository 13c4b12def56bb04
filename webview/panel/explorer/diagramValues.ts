/** The numbers the cell diagram shows at one step, per cell, from a trace's gate values. */
import { cellInfo } from '../../../src/core/model/cells/cellInfos';
import type { CellKind } from '../../../src/core/model/config';

/** The values the cell diagram shows at one step, by node key (d2l's gate and state names). */
export type CellValues = Readonly<Record<string, number>>;

/**
 * What the cell diagram shows at step t, from the trace's values (`at(gate, step)`, where step
 * −1 is the state before the first step): the gates and states at t, and the state at t − 1,
 * as the cell's CellInfo lists them.
 */
export function diagramValues(cell: CellKind, at: (gate: string, step: number) => number, t: number): CellValues {
  return Object.fromEntries(cellInfo(cell).diagram.values.map((v) => [v.key, at(v.trace, t + v.lag)]));
}
