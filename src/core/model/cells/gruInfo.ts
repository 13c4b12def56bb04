/** d2l 10.2's GRU: reset R, update Z, candidate H̃; H is its only state. */
import type { CellInfo } from './cellInfo';
import { GRU_DRAWING } from './gruDrawing';

export const GRU_INFO: CellInfo = {
  kind: 'gru',
  gates: [
    { gate: 'R', wx: 'W_xr', wh: 'W_hr', b: 'b_r' },
    { gate: 'Z', wx: 'W_xz', wh: 'W_hz', b: 'b_z' },
    { gate: 'H_tilde', wx: 'W_xh', wh: 'W_hh', b: 'b_h' },
  ],
  hasCellState: false,
  traceNames: ['R', 'Z', 'H_tilde', 'H'],
  // [W_hr | W_hz] see H_{t−1}; W_hh sees R ⊙ H_{t−1}
  recurrentBlocks: [{ first: 0, count: 2 }, { first: 2, count: 1 }],
  keepsResetHidden: true,
  diagram: {
    values: [
      { key: 'R', trace: 'R', lag: 0 },
      { key: 'Z', trace: 'Z', lag: 0 },
      { key: 'H_tilde', trace: 'H_tilde', lag: 0 },
      { key: 'H_prev', trace: 'H', lag: -1 },
      { key: 'H', trace: 'H', lag: 0 },
    ],
    drawing: GRU_DRAWING,
    gateScale: 'R',
  },
  torch: { unsupported: "nn.GRU applies the reset gate after the recurrent matmul, unlike d2l's GRU" },
  // Keras packs z, r, h (with the reset applied before the recurrent matmul, as in d2l)
  kerasGateOrder: ['Z', 'R', 'H_tilde'],
  // d2l 10.2: H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h) and H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t.
  // R near 0 resets the candidate (the old state is forgotten there); Z near 1 keeps the old
  // state and ignores the input.
  readings: [
    { kind: 'forgets', gate: 'R', when: 'low' },
    { kind: 'ignoresInput', gate: 'Z', when: 'high' },
  ],
};
