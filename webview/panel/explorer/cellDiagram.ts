/**
 * The LSTM cell in the style of Olah's "Understanding LSTM Networks": the cell state C runs
 * along the top as a conveyor belt, the forget gate F multiplies it, the input gate I lets the
 * candidate C̃ in, and the output gate O reads H = O ⊙ tanh(C) out. Every gate's bar and colour
 * shows its value at the current step for one unit (or the mean over the units).
 */
import { select, type Selection } from 'd3-selection';
import type { ColourScale } from './colourScales';

/** The values the diagram shows at one step: d2l's gates and states. */
export interface CellValues {
  readonly I: number;
  readonly F: number;
  readonly O: number;
  readonly C_tilde: number;
  /** C_{t−1}, C_t, H_t (H_{t−1} is not drawn as a value: it feeds every gate). */
  readonly C_prev: number;
  readonly C: number;
  readonly H: number;
}

export type CellScales = Readonly<Record<'gate' | 'tanh' | 'cell', ColourScale>>;

type Key = keyof CellValues;
type G = Selection<SVGGElement, unknown, null, undefined>;

/** Where each value is drawn, its label, and the scale it is coloured on. */
const NODES: readonly { key: Key; x: number; y: number; label: string; op?: string; scale: keyof CellScales }[] = [
  { key: 'F', x: 150, y: 150, label: 'F', op: 'σ', scale: 'gate' },
  { key: 'I', x: 230, y: 150, label: 'I', op: 'σ', scale: 'gate' },
  { key: 'C_tilde', x: 310, y: 150, label: 'C̃', op: 'tanh', scale: 'tanh' },
  { key: 'O', x: 390, y: 150, label: 'O', op: 'σ', scale: 'gate' },
  { key: 'C_prev', x: 40, y: 50, label: 'Cₜ₋₁', scale: 'cell' },
  { key: 'C', x: 560, y: 50, label: 'Cₜ', scale: 'cell' },
  { key: 'H', x: 560, y: 200, label: 'Hₜ', scale: 'tanh' },
];

/** Wires (polylines) of the cell, drawn once. */
const WIRES = [
  'M20,50 H580', // the conveyor belt: C_{t−1} → × F → + I⊙C̃ → C_t
  'M20,200 H420', // H_{t−1} (joined with X_t) feeds every gate
  'M100,240 V200', // X_t
  'M150,135 V60', // F → ×
  'M230,135 V100 H300', // I → × C̃
  'M310,135 V60', // I ⊙ C̃ → +
  'M490,50 V85', // C_t → tanh
  'M490,105 V140', // tanh(C_t) → ×
  'M390,135 V120 H460 V150 H480', // O → ×
  'M490,160 V200 H580', // H_t = O ⊙ tanh(C_t) out
];

export class CellDiagram {
  readonly root: HTMLElement;
  private readonly nodes = new Map<Key, G>();
  private readonly belt: Selection<SVGPathElement, unknown, null, undefined>;

  constructor(parent: HTMLElement, title: string) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'cell-diagram';
    this.root.dataset.testid = 'cell-diagram';
    this.root.appendChild(document.createElement('figcaption')).textContent = title;
    const svg = select(this.root).append('svg').attr('viewBox', '0 0 600 250').attr('role', 'img').attr('aria-label', title);
    svg.append('rect').attr('class', 'cell-box').attr('x', 70).attr('y', 20).attr('width', 440).attr('height', 205).attr('rx', 12);
    for (const d of WIRES) svg.append('path').attr('class', 'wire').attr('d', d);
    this.belt = svg.append('path').attr('class', 'belt').attr('d', 'M20,50 H580');
    for (const [x, y, sym] of [
      [150, 50, '×'],
      [310, 50, '+'],
      [310, 100, '×'],
      [490, 150, '×'],
    ] as const) {
      const g = svg.append('g').attr('class', 'pointwise').attr('transform', `translate(${x},${y})`);
      g.append('circle').attr('r', 10);
      g.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').text(sym);
    }
    const tanhC = svg.append('g').attr('class', 'pointwise').attr('transform', 'translate(490,95)');
    tanhC.append('ellipse').attr('rx', 18).attr('ry', 10);
    tanhC.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').text('tanh');
    svg.append('text').attr('class', 'wire-label').attr('x', 24).attr('y', 216).text('Hₜ₋₁');
    svg.append('text').attr('class', 'wire-label').attr('x', 106).attr('y', 244).text('Xₜ');
    for (const n of NODES) {
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

  /** Shows `v` (the unit's values at the current step), coloured on `scales`. */
  update(v: CellValues, scales: CellScales): void {
    for (const n of NODES) {
      const g = this.nodes.get(n.key) as G;
      const value = v[n.key];
      const scale = scales[n.scale];
      const extent = Math.max(Math.abs(scale.domain[0]), Math.abs(scale.domain[1]));
      const frac = Math.min(1, Math.abs(value) / extent);
      g.attr('data-value', value);
      g.select('.gate-box').style('fill', scale(value));
      g.select('.value-bar').attr('y', 20 - 40 * frac).attr('height', 40 * frac).style('fill', scale(value));
      g.select('.value-label').text(`${n.label} ${value.toFixed(3)}`);
    }
    this.belt.style('stroke', scales.cell(v.C)).style('stroke-width', 2 + 4 * Math.min(1, Math.abs(v.C) / scales.cell.domain[1]));
  }
}
