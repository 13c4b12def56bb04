/**
 * The cell at the current step in the style of Olah's "Understanding LSTM Networks", for each
 * of d2l's cells. LSTM: the cell state C runs along the top as a conveyor belt, the forget gate
 * F multiplies it, the input gate I lets the candidate C̃ in, and the output gate O reads
 * H = O ⊙ tanh(C) out. GRU: H itself is the belt, the update gate Z keeps Z ⊙ H_{t−1} and lets
 * (1 − Z) ⊙ H̃ in, and the reset gate R scales H_{t−1} inside the candidate H̃. RNN: one tanh,
 * H = tanh(X W_xh + H_{t−1} W_hh + b_h). Every gate's box, bar and number shows its value at
 * the current step for one unit (or the mean over the units).
 */
import { select, type Selection } from 'd3-selection';
import type { CellKind } from '../../../src/core/model/config';
import type { ColourScale } from './colourScales';
import type { CellValues } from './diagramValues';


export type CellScales = Readonly<Record<'gate' | 'tanh' | 'cell', ColourScale>>;

type G = Selection<SVGGElement, unknown, null, undefined>;

interface NodeSpec {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** The nonlinearity in the gate's box; none for a state drawn as a value. */
  readonly op?: string;
  readonly scale: keyof CellScales;
}

interface DiagramSpec {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  /** Wires (polylines), drawn once. */
  readonly wires: readonly string[];
  /** Pointwise operations: x, y, symbol in a circle. */
  readonly pointwise: readonly (readonly [number, number, string])[];
  /** Named operations in an oval (tanh of the cell, 1 − Z). */
  readonly ovals: readonly (readonly [number, number, string])[];
  /** The belt along the top, coloured and thickened by the state it carries. */
  readonly belt: { readonly path: string; readonly key: string; readonly scale: keyof CellScales };
  readonly labels: readonly (readonly [number, number, string])[];
}

const INPUT_WIRES = ['M100,240 V200']; // X_t joins H_{t−1}

const DIAGRAMS: Readonly<Record<CellKind, DiagramSpec>> = {
  lstm: {
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
  },
  gru: {
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
  },
  rnn: {
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
  },
};

export class CellDiagram {
  readonly root: HTMLElement;
  private readonly caption: HTMLElement;
  private spec: DiagramSpec | undefined;
  private readonly nodes = new Map<string, G>();
  private belt: Selection<SVGPathElement, unknown, null, undefined> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly title: string,
  ) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'cell-diagram';
    this.root.dataset.testid = 'cell-diagram';
    this.caption = this.root.appendChild(document.createElement('figcaption'));
  }

  /** Draws the diagram of `cell` (once per trace). */
  setCell(cell: CellKind): void {
    const spec = DIAGRAMS[cell];
    if (this.spec === spec) return;
    this.spec = spec;
    this.root.dataset.cell = cell;
    const label = `${spec.name} · ${this.title}`;
    this.caption.textContent = label;
    select(this.root).select('svg').remove();
    this.nodes.clear();
    const svg = select(this.root).append('svg').attr('viewBox', '0 0 600 250').attr('role', 'img').attr('aria-label', label);
    svg.append('rect').attr('class', 'cell-box').attr('x', 70).attr('y', 20).attr('width', 440).attr('height', 205).attr('rx', 12);
    for (const d of spec.wires) svg.append('path').attr('class', 'wire').attr('d', d);
    this.belt = svg.append('path').attr('class', 'belt').attr('d', spec.belt.path);
    for (const [x, y, sym] of spec.pointwise) {
      const g = svg.append('g').attr('class', 'pointwise').attr('transform', `translate(${x},${y})`);
      g.append('circle').attr('r', 10);
      g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').text(sym);
    }
    for (const [x, y, text] of spec.ovals) {
      const g = svg.append('g').attr('class', 'pointwise').attr('transform', `translate(${x},${y})`);
      g.append('ellipse').attr('rx', 18).attr('ry', 10);
      g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').text(text);
    }
    for (const [x, y, text] of spec.labels) svg.append('text').attr('class', 'wire-label').attr('x', x).attr('y', y).text(text);
    for (const n of spec.nodes) {
      const g = svg.append('g').attr('class', `node node-${n.key}`).attr('data-testid', `diagram-${n.key}`).attr('transform', `translate(${n.x},${n.y})`);
      if (n.op) {
        g.append('rect').attr('class', 'gate-box').attr('x', -22).attr('y', -15).attr('width', 44).attr('height', 30).attr('rx', 4);
        g.append('text').attr('class', 'op').attr('text-anchor', 'middle').attr('dy', '0.35em').text(n.op);
      }
      // A bar beside the node: its height is |value| (a gate's value, or |C| / max |C|).
      g.append('rect').attr('class', 'value-bar-bg').attr('x', 25).attr('y', -20).attr('width', 8).attr('height', 40);
      g.append('rect').attr('class', 'value-bar').attr('x', 25).attr('width', 8);
      g.append('text').attr('class', 'value-label').attr('y', n.op ? 30 : -14).attr('text-anchor', 'middle');
      this.nodes.set(n.key, g);
    }
  }

  /** Shows `v` (the unit's values at the current step), coloured on `scales`; a missing value shows as "—". */
  update(v: CellValues, scales: CellScales): void {
    const spec = this.spec;
    if (!spec) return;
    for (const n of spec.nodes) {
      const g = this.nodes.get(n.key) as G;
      const value = v[n.key];
      if (value === undefined || !Number.isFinite(value)) {
        g.attr('data-value', null);
        g.select('.gate-box').style('fill', null);
        g.select('.value-bar').attr('height', 0);
        g.select('.value-label').text(`${n.label} —`);
        continue;
      }
      const scale = scales[n.scale];
      const extent = Math.max(Math.abs(scale.domain[0]), Math.abs(scale.domain[1]));
      const frac = Math.min(1, Math.abs(value) / extent);
      g.attr('data-value', value);
      g.select('.gate-box').style('fill', scale(value));
      g.select('.value-bar').attr('y', 20 - 40 * frac).attr('height', 40 * frac).style('fill', scale(value));
      g.select('.value-label').text(`${n.label} ${value.toFixed(3)}`);
    }
    const carried = v[spec.belt.key] ?? 0;
    const beltScale = scales[spec.belt.scale];
    this.belt?.style('stroke', beltScale(carried)).style('stroke-width', 2 + 4 * Math.min(1, Math.abs(carried) / beltScale.domain[1]));
  }
}
