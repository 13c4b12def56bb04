/**
 * d2l's words for one unit's gates: a legend of the readings its cell declares (the LSTM's F, I
 * and O near 0: it forgets, ignores its input, keeps its memory out of H), each with its
 * threshold and how many steps it holds at; the text strip marks those steps.
 */
import { cellInfo } from '../../../src/core/model/cells/cellInfos';
import type { GateReadingKind } from '../../../src/core/model/cells/cellInfo';
import { readingSteps, type ReadingThresholds } from '../../../src/core/infer/gateReadings';
import type { PanelStrings } from '../../../src/protocol/strings';
import { GATE_SYMBOLS, type TraceView } from './traceView';
import { format } from '../format';

const WORDS: Readonly<Record<GateReadingKind, keyof PanelStrings>> = {
  forgets: 'readingForgets',
  ignoresInput: 'readingIgnoresInput',
  hidesMemory: 'readingHidesMemory',
};

/** Per reading, 1 at each step where it holds. */
export type ReadingMarks = ReadonlyMap<GateReadingKind, Uint8Array>;

/** The marks of `unit` in `layer` of the trace, one per reading its cell declares. */
export function readingMarks(trace: TraceView, layer: number, unit: number, thresholds: ReadingThresholds): ReadingMarks {
  return new Map(
    cellInfo(trace.trace.cell).readings.map((r) => [r.kind, readingSteps(trace.gate(layer, r.gate), trace.steps, trace.units, unit, r, thresholds[r.kind])]),
  );
}

export class ReadingsView {
  readonly root: HTMLElement;

  constructor(parent: HTMLElement, private readonly strings: PanelStrings) {
    this.root = parent.appendChild(document.createElement('div'));
    this.root.className = 'readings';
    this.root.dataset.testid = 'readings';
  }

  /** The legend for `unit` (or the hint to choose one), with each reading's count of steps. */
  update(trace: TraceView, unit: number | 'mean', thresholds: ReadingThresholds, marks: ReadingMarks | undefined): void {
    const readings = cellInfo(trace.trace.cell).readings;
    this.root.replaceChildren();
    this.root.dataset.unit = String(unit);
    if (readings.length === 0 || unit === 'mean' || !marks) {
      const p = this.root.appendChild(document.createElement('p'));
      p.className = 'readings-hint';
      p.textContent = readings.length === 0 ? this.strings.readingsNoGates : this.strings.readingsChooseUnit;
      return;
    }
    const heading = this.root.appendChild(document.createElement('p'));
    heading.className = 'readings-heading';
    heading.textContent = format(this.strings.readingsHeading, unit);
    const list = this.root.appendChild(document.createElement('ul'));
    for (const r of readings) {
      const τ = thresholds[r.kind];
      const count = (marks.get(r.kind) ?? new Uint8Array()).reduce((n, m) => n + m, 0);
      const item = list.appendChild(document.createElement('li'));
      item.dataset.reading = r.kind;
      item.dataset.count = String(count);
      const swatch = item.appendChild(document.createElement('span'));
      swatch.className = `reading-swatch reading-${r.kind}`;
      const condition = r.when === 'low' ? `${GATE_SYMBOLS[r.gate] ?? r.gate} < ${τ}` : `${GATE_SYMBOLS[r.gate] ?? r.gate} > ${(1 - τ).toFixed(2)}`;
      item.append(` ${format(this.strings.readingItem, condition, this.strings[WORDS[r.kind]], count)}`);
    }
  }
}
