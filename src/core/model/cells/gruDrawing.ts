/** d2l 10.2's GRU drawn: H is the belt, Z keeps Z ⊙ H_{t−1} and lets (1 − Z) ⊙ H̃ in, R scales H_{t−1} inside H̃. */
import { type DiagramDrawing, INPUT_WIRES } from './diagramDrawing';

export const GRU_DRAWING: DiagramDrawing = {
  name: 'GRU',
  nodes: [
    { key: 'R', x: 150, y: 150, label: 'R', op: 'σ', scale: 'gate' },
    { key: 'Z', x: 240, y: 150, label: 'Z', op: 'σ', scale: 'gate' },
    { key: 'H_tilde', x: 420, y: 150, label: 'H̃', op: 'tanh', scale: 'tanh' },
    { key: 'H_prev', x: 40, y: 50, label: 'Hₜ₋₁', scale: 'tanh' },
    { key: 'H', x: 560, y: 50, label: 'Hₜ', scale: 'tanh' },
  ],
  wires: [
    'M20,50 H580', // H_{t−1} → × Z → + (1 − Z) ⊙ H̃ → H_t
    'M20,200 H320', // H_{t−1} (joined with X_t) feeds R and Z, and R ⊙ H_{t−1} feeds H̃
    ...INPUT_WIRES,
    'M240,135 V60', // Z → ×
    'M240,135 V110 H325', // Z → 1 − Z
    'M355,100 H410', // (1 − Z) → ×
    'M420,135 V110', // H̃ → ×
    'M420,90 V60', // (1 − Z) ⊙ H̃ → +
    'M150,165 V180 H330 V190', // R → ×  (R ⊙ H_{t−1})
    'M340,200 H420 V165', // R ⊙ H_{t−1} → H̃
  ],
  pointwise: [
    [240, 50, '×'],
    [420, 50, '+'],
    [420, 100, '×'],
    [330, 200, '×'],
  ],
  ovals: [[340, 100, '1−']],
  belt: { path: 'M20,50 H580', key: 'H', scale: 'tanh' },
  labels: [
    [24, 216, 'Hₜ₋₁'],
    [106, 244, 'Xₜ'],
  ],
};
