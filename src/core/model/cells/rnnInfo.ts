/** d2l 9.5's vanilla RNN: one hidden transform, no gates. */
import type { CellInfo } from './cellInfo';
import { RNN_DRAWING } from './rnnDrawing';

export const RNN_INFO: CellInfo = {
  kind: 'rnn',
  gates: [{ gate: 'H', wx: 'W_xh', wh: 'W_hh', b: 'b_h' }],
  hasCellState: false,
  traceNames: ['H'],
  recurrentBlocks: [{ first: 0, count: 1 }],
  keepsResetHidden: false,
  diagram: {
    values: [
      { key: 'H_prev', trace: 'H', lag: -1 },
      { key: 'H', trace: 'H', lag: 0 },
    ],
    drawing: RNN_DRAWING,
    gateScale: 'H',
  },
  // nn.RNN (tanh) has the one block
  torch: { gateOrder: ['H'] },
  kerasGateOrder: ['H'],
  // no gates: every step overwrites H
  readings: [],
};
