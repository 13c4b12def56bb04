/** The numbers the cell diagram shows at one step, per cell, from a trace's gate values. */
import type { CellKind } from '../../../src/core/model/config';

/** The values the cell diagram shows at one step, by node key (d2l's gate and state names). */
export type CellValues = Readonly<Record<string, number>>;

/**
 * What the cell diagram shows at step t, from the trace's values (`at(gate, step)`). The state
 * before the first step is not in the trace: for the LSTM and the GRU it is solved from the
 * cell's last equation, C_t = F ⊙ C_{t−1} + I ⊙ C̃ (GRU: H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃), and
 * for the RNN it is not shown (NaN).
 */
export function diagramValues(cell: CellKind, at: (gate: string, step: number) => number, t: number): CellValues {
  const H = at('H', t);
  if (cell === 'lstm') {
    const [I, F, C_tilde, C] = [at('I', t), at('F', t), at('C_tilde', t), at('C', t)];
    const C_prev = t > 0 ? at('C', t - 1) : F > 1e-6 ? (C - I * C_tilde) / F : 0;
    return { I, F, O: at('O', t), C_tilde, C_prev, C, H };
  }
  if (cell === 'gru') {
    const [R, Z, H_tilde] = [at('R', t), at('Z', t), at('H_tilde', t)];
    const H_prev = t > 0 ? at('H', t - 1) : Z > 1e-6 ? (H - (1 - Z) * H_tilde) / Z : 0;
    return { R, Z, H_tilde, H_prev, H };
  }
  return { H, H_prev: t > 0 ? at('H', t - 1) : NaN };
}
