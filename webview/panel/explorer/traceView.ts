/** Reading an ExplorerTrace by gate name, layer, step and unit. DOM-free. */
import type { ExplorerTrace } from '../../../src/protocol/explorer';

/** d2l's symbols for the trace's gate names, as the views label them. */
export const GATE_SYMBOLS: Readonly<Record<string, string>> = { I: 'I', F: 'F', O: 'O', C_tilde: 'C̃', C: 'C', H: 'H', R: 'R', Z: 'Z', H_tilde: 'H̃' };

export class TraceView {
  constructor(readonly trace: ExplorerTrace) {}

  get steps(): number {
    return this.trace.tokens.length;
  }

  get units(): number {
    return this.trace.hiddenSize;
  }

  has(gate: string): boolean {
    return this.trace.gates.includes(gate);
  }

  /** One layer's values of a gate, [steps × units] time-major. */
  gate(layer: number, gate: string): Float32Array {
    const i = this.trace.gates.indexOf(gate);
    if (i < 0) throw new Error(`The trace has no gate ${gate}`);
    return this.trace.values[layer][i];
  }

  /** A gate's value for `unit` at step t, or the mean over all units when `unit` is 'mean'. */
  at(layer: number, gate: string, t: number, unit: number | 'mean'): number {
    const h = this.units;
    // step −1: the state before the first step (H_0, C_0); gates have none
    const start = gate === 'H' ? this.trace.startH : gate === 'C' ? this.trace.startC : undefined;
    if (t < 0 && !start) return NaN;
    const [v, at] = t < 0 ? [start as Float32Array, layer * h] : [this.gate(layer, gate), t * h];
    if (unit !== 'mean') return v[at + unit];
    let s = 0;
    for (let j = 0; j < h; j++) s += v[at + j];
    return s / h;
  }

  /** The top-k candidates after step t, most probable first. */
  nextTokens(t: number): { token: string; prob: number }[] {
    const k = this.trace.topKTokens.length / Math.max(this.steps, 1);
    return Array.from({ length: k }, (_, i) => ({ token: this.trace.topKTokens[t * k + i], prob: this.trace.topKProbs[t * k + i] })).filter((c) => c.token !== '');
  }
}
