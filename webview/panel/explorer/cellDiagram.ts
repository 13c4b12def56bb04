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
import { cellInfo } from '../../../src/core/model/cells/cellInfos';
import type { DiagramDrawing, DiagramScale } from '../../../src/core/model/cells/diagramDrawing';
import type { CellKind } from '../../../src/core/model/config';
import type { ColourScale } from './colourScales';
import type { CellValues } from './diagramValues';


export type CellScales = Readonly<Record<DiagramScale, ColourScale>>;

type G = Selection<SVGGElement, unknown, null, undefined>;

export class CellDiagram {
  readonly root: HTMLElement;
  private readonly caption: HTMLElement;
  private spec: DiagramDrawing | undefined;
  private readonly nodes = new Map<string, G>();
  private belt: Selection<SVGPathElement, unknown, null, undefined> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly title: string,
    /** d2l's name of a trace value (forget gate F), each node's tooltip beside its bare symbol. */
    private readonly nameOf: (trace: string) => string,
  ) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'cell-diagram';
    this.root.dataset.testid = 'cell-diagram';
    this.caption = this.root.appendChild(document.createElement('figcaption'));
  }

  /** Draws the diagram of `cell` (once per trace). */
  setCell(cell: CellKind): void {
    const { drawing: spec, values } = cellInfo(cell).diagram;
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
      const trace = values.find((v) => v.key === n.key)?.trace;
      if (trace) g.append('title').text(this.nameOf(trace));
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
