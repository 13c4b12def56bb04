/**
 * Gradient connectivity in the explorer: for the current step t, how much each earlier
 * character's input moves the loss at t (the prediction of the next character),
 * ‖∂loss_t/∂x_s‖₂, shades the text strip; a line names the characters it looked back at most,
 * and the memory-length curve of the explored text shows how far back the model looks. The
 * host computes; this asks for the current step, one request in flight at a time (a step that
 * moves on meanwhile is asked for when the answer comes).
 */
import type { PanelStrings } from '../../../src/protocol/strings';
import { MemoryCurveChart } from './memoryCurveChart';
import { strongestDistances } from '../../../src/core/analysis/connectivity/topLookedBack';
import { visibleToken } from './textStrip';
import { format } from '../format';

/** Characters named on the "looked back at" line. */
const NAMED = 3;

export class ConnectivityView {
  readonly root: HTMLElement;
  private readonly line: HTMLElement;
  private readonly chart: MemoryCurveChart;
  private traceId: string | undefined;
  private inFlight = false;
  private wanted: number | undefined;

  constructor(parent: HTMLElement, private readonly strings: PanelStrings, private readonly request: (traceId: string, step: number) => void) {
    this.root = parent.appendChild(document.createElement('section'));
    this.root.className = 'connectivity';
    this.root.dataset.testid = 'connectivity';
    this.line = this.root.appendChild(document.createElement('p'));
    this.line.className = 'looked-back';
    this.line.dataset.testid = 'looked-back';
    this.chart = new MemoryCurveChart(this.root, strings.memoryCurveTitle, strings.memoryCurveAxis);
  }

  /** A new trace: nothing shown until its answers come. */
  reset(traceId: string): void {
    this.traceId = traceId;
    this.inFlight = false;
    this.wanted = undefined;
    this.line.textContent = '';
    delete this.root.dataset.step;
    delete this.root.dataset.unavailable;
    this.chart.draw([]);
  }

  /** The current step moved: ask for its connectivity (now, or when the answer in flight comes). */
  want(step: number): void {
    this.wanted = step;
    this.askNext();
  }

  private askNext(): void {
    if (this.inFlight || this.wanted === undefined || !this.traceId) return;
    this.inFlight = true;
    this.request(this.traceId, this.wanted);
    this.wanted = undefined;
  }

  /**
   * A step's connectivity came: returns the strip's shading (one value in [0, 1] per step of
   * the trace, relative to the strongest earlier character) when it is still the current step.
   */
  show(traceId: string, step: number, byDistance: Float32Array, current: number, tokens: readonly string[]): Float32Array | undefined {
    if (traceId !== this.traceId) return undefined;
    this.inFlight = false;
    this.askNext();
    if (step !== current) return undefined;
    delete this.root.dataset.unavailable;
    this.root.dataset.step = String(step);
    let strongest = 0;
    for (let k = 1; k < byDistance.length; k++) strongest = Math.max(strongest, byDistance[k]);
    const shade = new Float32Array(tokens.length);
    for (let k = 0; k < byDistance.length && step - k >= 0; k++) shade[step - k] = Math.min(1, byDistance[k] / (strongest || 1));
    const total = byDistance.reduce((s, v) => s + v, 0) || 1;
    const top = strongestDistances(byDistance, NAMED);
    const named = top.map((k) => {
      const token = step - k >= 0 ? `"${visibleToken(tokens[step - k])}"` : this.strings.beforeSpan;
      return format(this.strings.lookedBackItem, token, k, `${((100 * byDistance[k]) / total).toFixed(1)}%`);
    });
    this.line.textContent = `${this.strings.lookedBackAt}: ${named.join(' · ')}`;
    this.line.dataset.top = top.join(' ');
    return shade;
  }

  /** The explored text's memory-length curve. */
  curve(traceId: string, mean: Float32Array, positions: number): void {
    if (traceId !== this.traceId) return;
    this.root.dataset.curvePositions = String(positions);
    this.chart.draw([{ label: this.strings.memoryCurveSeries, mean, colour: 'var(--vscode-charts-purple)' }]);
  }

  /** Why there is no connectivity for this trace (or this step). */
  unavailable(traceId: string, reason: string): void {
    if (traceId !== this.traceId) return;
    this.inFlight = false;
    this.askNext();
    this.root.dataset.unavailable = reason;
    this.line.textContent = `${this.strings.connectivityUnavailable}: ${reason}`;
  }
}
