/** The numbers the cell diagram shows at one step, per cell, from a trace's gate values. */
import type { CellKind } from '../../../src/core/model/config';

/** The values the cell diagram shows at one step, by node key (d2l's gate and state names). */
export type CellValues = Readonly<Record<string, number>>;

/**
 * What the cell diagram shows at step t, from the trace's values (`at(gate, step)`, where step
 * −1 is the state before the first step): the gates and states at t, and the state at t − 1.
 */
export function diagramValues(cell: CellKind, at: (gate: string, step: number) => number, t: number): CellValues {
  const [H, H_prev] = [at('H', t), at('H', t - 1)];
  if (cell === 'lstm') return { I: at('I', t), F: at('F', t), O: at('O', t), C_tilde: at('C_tilde', t), C_prev: at('C', t - 1), C: at('C', t), H };
  if (cell === 'gru') return { R: at('R', t), Z: at('Z', t), H_tilde: at('H_tilde', t), H_prev, H };
  return { H, H_prev };
}
