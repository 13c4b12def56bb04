/** d2l 10.1's LSTM drawn: C runs along the top as a conveyor belt, F multiplies it, I lets C̃ in, O reads H = O ⊙ tanh(C) out. */
import { type DiagramDrawing, INPUT_WIRES } from './diagramDrawing';

export const LSTM_DRAWING: DiagramDrawing = {
  name: 'LSTM',
  nodes: [
    { key: 'F', x: 150, y: 150, label: 'F', op: 'σ', scale: 'gate' },
    { key: 'I', x: 230, y: 150, label: 'I', op: 'σ', scale: 'gate' },
    { key: 'C_tilde', x: 310, y: 150, label: 'C̃', op: 'tanh', scale: 'tanh' },
    { key: 'O', x: 390, y: 150, label: 'O', op: 'σ', scale: 'gate' },
    { key: 'C_prev', x: 40, y: 50, label: 'Cₜ₋₁', scale: 'cell' },
    { key: 'C', x: 560, y: 50, label: 'Cₜ', scale: 'cell' },
    { key: 'H', x: 560, y: 200, label: 'Hₜ', scale: 'tanh' },
  ],
  wires: [
    'M20,50 H580', // C_{t−1} → × F → + I ⊙ C̃ → C_t
    'M20,200 H420', // H_{t−1} (joined with X_t) feeds every gate
    ...INPUT_WIRES,
    'M150,135 V60', // F → ×
    'M230,135 V100 H300', // I → × C̃
    'M310,135 V60', // I ⊙ C̃ → +
    'M490,50 V85', // C_t → tanh
    'M490,105 V140', // tanh(C_t) → ×
    'M390,135 V120 H460 V150 H480', // O → ×
    'M490,160 V200 H580', // H_t = O ⊙ tanh(C_t) out
  ],
  pointwise: [
    [150, 50, '×'],
    [310, 50, '+'],
    [310, 100, '×'],
    [490, 150, '×'],
  ],
  ovals: [[490, 95, 'tanh']],
  belt: { path: 'M20,50 H580', key: 'C', scale: 'cell' },
  labels: [
    [24, 216, 'Hₜ₋₁'],
    [106, 244, 'Xₜ'],
  ],
};
