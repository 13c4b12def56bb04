/**
 * The saturation summary of a layer's gates over the whole span (Karpathy, Johnson and Fei-Fei
 * 2015, "Visualizing and Understanding Recurrent Networks"): the fraction of I, F and O values
 * below 0.1 (left saturated) and above 0.9 (right saturated).
 */
import { saturation } from './unitStats';
import { GATE_SYMBOLS, type TraceView } from './traceView';

/** The gates in (0, 1) whose saturation is summarised. */
const SIGMOID_GATES = ['I', 'F', 'O', 'R', 'Z'];

export class SaturationView {
  readonly root: HTMLElement;
  private readonly table: HTMLTableElement;

  constructor(parent: HTMLElement, title: string, private readonly headings: readonly [string, string]) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'saturation';
    this.root.dataset.testid = 'saturation';
    this.root.appendChild(document.createElement('figcaption')).textContent = title;
    this.table = this.root.appendChild(document.createElement('table'));
  }

  update(trace: TraceView, layer: number): void {
    const head = document.createElement('tr');
    for (const text of ['', ...this.headings]) head.appendChild(document.createElement('th')).textContent = text;
    const rows = SIGMOID_GATES.filter((g) => trace.has(g)).map((gate) => {
      const { low, high } = saturation(trace.gate(layer, gate));
      const tr = document.createElement('tr');
      tr.dataset.gate = gate;
      tr.appendChild(document.createElement('th')).textContent = GATE_SYMBOLS[gate];
      for (const [cls, f] of [['low', low], ['high', high]] as const) {
        const td = tr.appendChild(document.createElement('td'));
        td.dataset[cls] = String(f);
        const bar = td.appendChild(document.createElement('span'));
        bar.className = `bar ${cls}`;
        bar.style.width = `${(100 * f).toFixed(1)}%`;
        td.appendChild(document.createElement('span')).textContent = `${(100 * f).toFixed(1)}%`;
      }
      return tr;
    });
    this.table.replaceChildren(head, ...rows);
  }
}
