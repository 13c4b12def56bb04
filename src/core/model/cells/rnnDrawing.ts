/** d2l 9.5's RNN drawn: one tanh, H = tanh(X W_xh + H_{t−1} W_hh + b_h). */
import { type DiagramDrawing, INPUT_WIRES } from './diagramDrawing';

export const RNN_DRAWING: DiagramDrawing = {
  name: 'RNN',
  nodes: [
    { key: 'H', x: 300, y: 150, label: 'Hₜ', op: 'tanh', scale: 'tanh' },
    { key: 'H_prev', x: 40, y: 200, label: 'Hₜ₋₁', scale: 'tanh' },
  ],
  wires: ['M20,200 H300 V165', ...INPUT_WIRES, 'M300,135 V50 H580'],
  pointwise: [],
  ovals: [],
  belt: { path: 'M300,50 H580', key: 'H', scale: 'tanh' },
  labels: [[106, 244, 'Xₜ']],
};
