/** d2l 10.1's LSTM: input I, forget F, output O, candidate C̃, and the memory cell C. */
import type { CellInfo } from './cellInfo';
import { LSTM_DRAWING } from './lstmDrawing';

export const LSTM_INFO: CellInfo = {
  kind: 'lstm',
  gates: [
    { gate: 'I', wx: 'W_xi', wh: 'W_hi', b: 'b_i' },
    { gate: 'F', wx: 'W_xf', wh: 'W_hf', b: 'b_f' },
    { gate: 'O', wx: 'W_xo', wh: 'W_ho', b: 'b_o' },
    { gate: 'C_tilde', wx: 'W_xc', wh: 'W_hc', b: 'b_c' },
  ],
  hasCellState: true,
  traceNames: ['I', 'F', 'O', 'C_tilde', 'C', 'H'],
  recurrentBlocks: [{ first: 0, count: 4 }],
  keepsResetHidden: false,
  diagram: {
    values: [
      { key: 'I', trace: 'I', lag: 0 },
      { key: 'F', trace: 'F', lag: 0 },
      { key: 'O', trace: 'O', lag: 0 },
      { key: 'C_tilde', trace: 'C_tilde', lag: 0 },
      { key: 'C_prev', trace: 'C', lag: -1 },
      { key: 'C', trace: 'C', lag: 0 },
      { key: 'H', trace: 'H', lag: 0 },
    ],
    drawing: LSTM_DRAWING,
    gateScale: 'I',
    cellScale: 'C',
  },
  // nn.LSTM stacks i, f, g, o (g is d2l's C̃)
  torch: { gateOrder: ['I', 'F', 'C_tilde', 'O'] },
  // Keras packs i, f, c, o
  kerasGateOrder: ['I', 'F', 'C_tilde', 'O'],
  // d2l 10.1: C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t and H_t = O_t ⊙ tanh(C_t). F near 0 drops the old
  // memory, I near 0 lets no new input in, O near 0 keeps the memory out of the hidden state.
  readings: [
    { kind: 'forgets', gate: 'F', when: 'low' },
    { kind: 'ignoresInput', gate: 'I', when: 'low' },
    { kind: 'hidesMemory', gate: 'O', when: 'low' },
  ],
};
