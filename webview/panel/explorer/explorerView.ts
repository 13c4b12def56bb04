/**
 * The gate explorer: every view of one trace, linked to one current step. The text strip and
 * the surprisal row, heatmaps (units × time) of every gate of the chosen layer, the LSTM cell
 * diagram for one unit or the mean, the top-5 next characters, the saturation summary and line
 * charts of C and H for chosen units. Heatmaps are painted when the trace, layer, unit order or
 * theme change; a step change only moves cursors and updates a few numbers, so playback keeps
 * well above 30 frames per second at 1,000 steps × 256 units.
 */
import { cellInfo } from '../../../src/core/model/cells/cellInfos';
import type { ExplorerTrace } from '../../../src/protocol/explorer';
import type { PanelStrings } from '../../../src/protocol/strings';
import { CellDiagram, type CellScales } from './cellDiagram';
import { diagramValues } from './diagramValues';
import { colourScale, scaleKindOf, type ColourScale } from './colourScales';
import { DEFAULT_SPEED, ExplorerControls } from './explorerControls';
import { Heatmap } from './heatmap';
import { NextChars } from './nextChars';
import { Playback } from './playback';
import { SaturationView } from './saturationView';
import { TextStrip, visibleToken } from './textStrip';
import { GATE_SYMBOLS, TraceView } from './traceView';
import { gateName } from './gateNames';
import { UnitChart } from './unitCharts';
import { unitOrder, type StepRange, type UnitSort } from './unitStats';
import { ReadingsView, readingMarks } from './readingsView';
import { ConnectivityView } from './connectivityView';
import { DEFAULT_READING_THRESHOLD, type ReadingThresholds } from '../../../src/core/infer/gateReadings';
import { format } from '../format';

/** What the explorer asks of the host. */
export interface ExplorerActions {
  reveal(uri: string, start: number, end: number): void;
  /** The current step moved, while playing or not (the panel remembers it across a window reload). */
  stepChanged?(step: number, playing: boolean): void;
  /** Show the same span with another stored model, at the same step. */
  exploreWithModel?(modelName: string, uri: string, start: number, end: number, step: number): void;
  /** The current step's gradient connectivity, please (answered by showConnectivity). */
  connectivityAt?(traceId: string, step: number): void;
  /** Find this pattern: the selected steps of the shown trace, in the chosen layer (the Patterns view takes it from here). */
  findPattern?(trace: ExplorerTrace, layer: number, selection: StepRange): void;
}

/** Units charted by default: the first few. */
const DEFAULT_CHART_UNITS = 3;

function el(parent: HTMLElement, tag: string, className: string): HTMLElement {
  const e = parent.appendChild(document.createElement(tag));
  e.className = className;
  return e;
}

export class ExplorerView {
  private trace: TraceView | undefined;
  private step = 0;
  private layer = 0;
  private sort: UnitSort = 'index';
  private selection: StepRange | undefined;
  private diagramUnit: number | 'mean' = 'mean';
  private chartUnits: number[] = [];
  private scales = new Map<string, ColourScale>();
  private thresholds: ReadingThresholds = { forgets: DEFAULT_READING_THRESHOLD, ignoresInput: DEFAULT_READING_THRESHOLD, hidesMemory: DEFAULT_READING_THRESHOLD };
  private readonly readings: ReadingsView;
  private readonly connectivity: ConnectivityView;
  private readonly findPatternButton: HTMLButtonElement;
  private readonly heading: HTMLElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly controls: ExplorerControls;
  private readonly strip: TextStrip;
  private readonly surprisal: Heatmap;
  private readonly heatmapsEl: HTMLElement;
  private heatmaps = new Map<string, Heatmap>();
  private readonly diagram: CellDiagram;
  private readonly diagramUnitSelect: HTMLSelectElement;
  private readonly next: NextChars;
  private readonly saturation: SaturationView;
  private readonly chartUnitsInput: HTMLInputElement;
  private readonly charts: readonly UnitChart[];
  private readonly playback: Playback;

  constructor(private readonly root: HTMLElement, private readonly strings: PanelStrings, private readonly actions: ExplorerActions) {
    root.replaceChildren();
    root.dataset.testid = 'explorer';
    this.heading = el(root, 'p', 'explorer-heading');
    this.heading.textContent = strings.noTrace;
    const modelLabel = el(root, 'label', 'explorer-model');
    modelLabel.textContent = `${strings.explorerModel} `;
    this.modelSelect = modelLabel.appendChild(document.createElement('select'));
    this.modelSelect.dataset.testid = 'explorer-model';
    this.modelSelect.disabled = true;
    this.modelSelect.addEventListener('change', () => {
      const tr = this.trace?.trace;
      if (!tr || tr.tokens.length === 0 || this.modelSelect.value === tr.modelName) return;
      this.modelSelect.disabled = true; // until the new trace comes
      this.actions.exploreWithModel?.(this.modelSelect.value, tr.uri, tr.starts[0], tr.ends[tr.ends.length - 1], this.step);
    });
    this.playback = new Playback(
      (n) => this.setStep(this.step + n) && this.step < this.steps - 1,
      (playing) => {
        root.dataset.playing = String(playing);
        this.controls.setPlaying(playing);
      },
    );
    this.playback.speed = DEFAULT_SPEED;
    this.controls = new ExplorerControls(root, strings, {
      toggle: () => {
        // Play from the start when at the end.
        if (!this.playback.playing && this.step >= this.steps - 1) this.setStep(0);
        this.playback.toggle();
      },
      step: (t) => this.setStep(t),
      by: (d) => this.setStep(this.step + d),
      speed: (s) => (this.playback.speed = s),
      layer: (k) => {
        this.layer = k;
        this.paint();
      },
      sort: (by) => {
        this.sort = by;
        this.paintHeatmaps();
      },
    });
    this.controls.bindKeys(() => !root.hidden && this.trace !== undefined, () => this.steps);
    this.strip = new TextStrip(root, strings.textStrip, {
      step: (t) => this.setStep(t),
      select: (range) => {
        this.selection = range;
        this.strip.setSelection(range);
        this.findPatternButton.disabled = false;
        if (this.sort === 'correlation') this.paintHeatmaps();
      },
      reveal: (t) => {
        const tr = this.trace?.trace;
        if (tr) this.actions.reveal(tr.uri, tr.starts[t], tr.ends[t]);
      },
    });
    const hint = el(root, 'p', 'footnote');
    hint.textContent = `${strings.correlationHint} `;
    this.findPatternButton = hint.appendChild(document.createElement('button'));
    this.findPatternButton.dataset.testid = 'find-pattern';
    this.findPatternButton.textContent = strings.findPattern;
    this.findPatternButton.disabled = true;
    this.findPatternButton.addEventListener('click', () => {
      if (this.trace && this.selection) this.actions.findPattern?.(this.trace.trace, this.layer, this.selection);
    });
    this.connectivity = new ConnectivityView(root, strings, (traceId, step) => this.actions.connectivityAt?.(traceId, step));
    this.readings = new ReadingsView(root, strings);
    this.surprisal = new Heatmap(root, 'surprisal', strings.surprisal, 14, (_u, t, v) => `${strings.step} ${t + 1} · ${v.toFixed(3)}`, (t) => this.setStep(t));
    const grid = el(root, 'div', 'explorer-grid');
    this.heatmapsEl = el(grid, 'div', 'explorer-heatmaps');
    const side = el(grid, 'div', 'explorer-side');
    this.diagram = new CellDiagram(side, strings.cellDiagram, (trace) => gateName(strings, trace));
    const unitLabel = el(side, 'label', 'diagram-unit');
    unitLabel.textContent = `${strings.diagramUnit} `;
    this.diagramUnitSelect = unitLabel.appendChild(document.createElement('select'));
    this.diagramUnitSelect.dataset.testid = 'diagram-unit';
    this.diagramUnitSelect.addEventListener('change', () => {
      const v = this.diagramUnitSelect.value;
      this.diagramUnit = v === 'mean' ? 'mean' : Number(v);
      this.paintReadings();
      this.updateStepViews();
    });
    this.next = new NextChars(side, strings.nextChars);
    this.saturation = new SaturationView(side, strings.saturation, [strings.leftSaturated, strings.rightSaturated]);
    const chartsEl = el(root, 'section', 'explorer-charts');
    el(chartsEl, 'h3', '').textContent = strings.unitCharts;
    const chartLabel = el(chartsEl, 'label', '');
    chartLabel.textContent = `${strings.chartUnits} `;
    this.chartUnitsInput = chartLabel.appendChild(document.createElement('input'));
    this.chartUnitsInput.dataset.testid = 'chart-units';
    this.chartUnitsInput.addEventListener('change', () => {
      const h = this.trace?.units ?? 0;
      this.chartUnits = [...new Set(this.chartUnitsInput.value.split(/[\s,]+/).filter(Boolean).map(Number))].filter((u) => Number.isInteger(u) && u >= 0 && u < h);
      this.paintCharts();
    });
    this.charts = [new UnitChart(chartsEl, 'C'), new UnitChart(chartsEl, 'H')];
    // Theme colours live in CSS variables on <html>/<body>: repaint when the theme changes.
    new MutationObserver(() => this.paint()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  private get steps(): number {
    return this.trace?.steps ?? 0;
  }

  /** Shows a new trace at `step`, marking d2l's readings with `thresholds`. */
  show(trace: ExplorerTrace, step: number, thresholds: ReadingThresholds): void {
    this.playback.pause();
    this.thresholds = thresholds;
    this.trace = new TraceView(trace);
    this.layer = 0;
    this.selection = undefined;
    this.findPatternButton.disabled = true;
    this.diagramUnit = 'mean';
    this.chartUnits = Array.from({ length: Math.min(DEFAULT_CHART_UNITS, trace.hiddenSize) }, (_, j) => j);
    this.chartUnitsInput.value = this.chartUnits.join(', ');
    this.root.dataset.traceId = trace.id;
    this.root.dataset.steps = String(trace.tokens.length);
    this.root.dataset.units = String(trace.hiddenSize);
    this.heading.textContent = format(this.strings.traceHeading, trace.modelName, trace.tokens.length, trace.hiddenSize, trace.engine, trace.traceMs.toFixed(1));
    this.controls.reset(trace.tokens.length, trace.numLayers);
    this.strip.setTokens(trace.tokens);
    this.strip.setSelection(undefined);
    this.connectivity.reset(trace.id);
    const options = [{ value: 'mean', text: this.strings.meanOfUnits }, ...Array.from({ length: trace.hiddenSize }, (_, j) => ({ value: String(j), text: `${this.strings.unit} ${j}` }))];
    this.diagramUnitSelect.replaceChildren(...options.map((o) => Object.assign(document.createElement('option'), { value: o.value, textContent: o.text })));
    this.diagram.setCell(trace.cell);
    this.heatmapsEl.replaceChildren();
    this.heatmaps = new Map(
      trace.gates.map((g) => [
        g,
        new Heatmap(this.heatmapsEl, g, gateName(this.strings, g), 64, (u, t, v) => `${GATE_SYMBOLS[g] ?? g} · ${this.strings.unit} ${u} · ${this.strings.step} ${t + 1} · ${v.toFixed(4)}`, (t) => this.setStep(t)),
      ]),
    );
    this.step = -1;
    this.paint();
    this.setStep(step);
  }

  /** The stored models the same text can be shown with; `current` is the shown trace's. */
  setModels(traceId: string, names: readonly string[], current: string): void {
    if (!this.shows(traceId)) return;
    const all = names.includes(current) ? names : [current, ...names];
    this.modelSelect.replaceChildren(...all.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
    this.modelSelect.value = current;
    this.modelSelect.disabled = all.length < 2;
  }

  /** A step's connectivity from the host: the strip is shaded when it is still the current step. */
  showConnectivity(traceId: string, step: number, byDistance: Float32Array): void {
    const shade = this.trace && this.connectivity.show(traceId, step, byDistance, this.step, this.trace.trace.tokens);
    if (shade) this.strip.setConnectivity(shade);
  }

  showMemoryCurve(traceId: string, mean: Float32Array, positions: number): void {
    this.connectivity.curve(traceId, mean, positions);
  }

  connectivityUnavailable(traceId: string, reason: string): void {
    this.connectivity.unavailable(traceId, reason);
    if (this.trace?.trace.id === traceId) this.strip.setConnectivity(undefined);
  }

  /** New thresholds for d2l's readings (the settings changed). */
  setReadingThresholds(thresholds: ReadingThresholds): void {
    this.thresholds = thresholds;
    this.paintReadings();
  }

  /** Marks the chosen unit's readings in the text strip, and says what they mean. */
  private paintReadings(): void {
    const trace = this.trace;
    if (!trace) return;
    const unit = this.diagramUnit;
    const marks = unit === 'mean' ? undefined : readingMarks(trace, this.layer, unit, this.thresholds);
    this.strip.setReadingMarks(marks);
    this.readings.update(trace, unit, this.thresholds, marks);
  }

  /** Whether the trace named `id` is the one shown. */
  shows(id: string): boolean {
    return this.trace?.trace.id === id;
  }

  /** Goes to step t (clamped); false when it was already there. */
  setStep(t: number): boolean {
    const clamped = Math.max(0, Math.min(this.steps - 1, Math.round(t)));
    if (!this.trace || clamped === this.step) return false;
    this.step = clamped;
    this.root.dataset.step = String(clamped);
    this.controls.setStep(clamped, this.steps, visibleToken(this.trace.trace.tokens[clamped]));
    this.strip.setStep(clamped);
    this.connectivity.want(clamped);
    this.surprisal.setStep(clamped);
    for (const h of this.heatmaps.values()) h.setStep(clamped);
    for (const c of this.charts) c.setStep(clamped);
    this.updateStepViews();
    this.actions.stepChanged?.(clamped, this.playback.playing);
    return true;
  }

  /** Repaints everything drawn from the whole trace (new trace, layer or theme). */
  private paint(): void {
    const trace = this.trace;
    if (!trace) return;
    this.root.dataset.layer = String(this.layer);
    this.scales = new Map(trace.trace.gates.map((g) => [g, colourScale(scaleKindOf(g), g === 'C' ? maxAbs(trace.gate(this.layer, 'C')) : 1)]));
    const s = trace.trace.surprisal;
    this.surprisal.draw(s, trace.steps, 1, Int32Array.of(0), colourScale('positive', maxAbs(s)));
    this.paintHeatmaps();
    this.saturation.update(trace, this.layer);
    this.paintReadings();
    this.paintCharts();
    this.updateStepViews();
  }

  private paintHeatmaps(): void {
    const trace = this.trace;
    if (!trace) return;
    const { steps, units } = trace;
    const order = unitOrder(trace.gate(this.layer, trace.has('H') ? 'H' : trace.trace.gates[0]), steps, units, this.sort, this.selection ?? { start: this.step, end: this.step + 1 });
    this.root.dataset.order = this.sort;
    for (const [g, h] of this.heatmaps) h.draw(trace.gate(this.layer, g), steps, units, order, this.scales.get(g) as ColourScale);
    const cell = this.heatmaps.get('C');
    if (cell) {
      // C is not bounded by tanh: say how often it leaves (−1, 1) (the legend marks ±1).
      const outside = fractionOutside(trace.gate(this.layer, 'C'), 1);
      cell.root.dataset.outside = String(outside);
      cell.note(format(this.strings.cellOutside, `${(100 * outside).toFixed(1)}%`));
    }
  }

  private paintCharts(): void {
    const trace = this.trace;
    if (!trace) return;
    for (const chart of this.charts) {
      const gate = chart === this.charts[0] ? 'C' : 'H';
      chart.root.hidden = !trace.has(gate);
      if (!trace.has(gate)) continue;
      const v = trace.gate(this.layer, gate);
      chart.draw(
        this.chartUnits.map((unit) => ({ unit, values: Float64Array.from({ length: trace.steps }, (_, t) => v[t * trace.units + unit]) })),
        trace.steps,
      );
      chart.setStep(this.step);
    }
  }

  /** The views that show the current step's numbers: the cell diagram and the next characters. */
  private updateStepViews(): void {
    const trace = this.trace;
    const t = this.step;
    if (!trace || t < 0) return;
    this.next.update(trace.nextTokens(t));
    const at = (gate: string, step: number) => trace.at(this.layer, gate, step, this.diagramUnit);
    const cell = trace.trace.cell;
    const { gateScale, cellScale } = cellInfo(cell).diagram;
    const tanh = this.scaleOf('H');
    const scales: CellScales = { gate: this.scaleOf(gateScale), tanh, cell: cellScale ? this.scaleOf(cellScale) : tanh };
    this.diagram.update(diagramValues(cell, at, t), scales);
  }

  private scaleOf(gate: string): ColourScale {
    return this.scales.get(gate) as ColourScale;
  }
}

/** The fraction of values with |v| > bound. */
function fractionOutside(v: Float32Array, bound: number): number {
  let n = 0;
  for (const x of v) if (Math.abs(x) > bound) n++;
  return n / Math.max(v.length, 1);
}

function maxAbs(v: Float32Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
