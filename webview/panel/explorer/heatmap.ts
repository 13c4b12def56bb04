/**
 * One heatmap, units × time: a gate's values painted into a canvas one pixel per cell (from a
 * colour LUT, so 256,000 cells cost one putImageData, not 256,000 SVG nodes), stretched to the
 * panel's width, with D3 axes, a legend, a cursor at the current step and the exact value of
 * the cell under the mouse. Rows follow the explorer's unit order.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { colourLut, lutIndex, type ColourScale } from './colourScales';
import { drawLegend } from './legend';

const MARGIN = { left: 44, bottom: 20 };
/** Pixels per unit row, up to the tallest a heatmap gets (256 units: one pixel each). */
const ROW_PX = 4;
const MAX_HEIGHT = 256;

/** What the heatmap says when the mouse is over a cell. */
export type CellLabel = (unit: number, step: number, value: number) => string;

export class Heatmap {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly cursor: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly noteEl: HTMLElement;
  private readonly axes: Selection<SVGSVGElement, unknown, null, undefined>;
  private values = new Float32Array(0);
  private order = new Int32Array(0);
  private steps = 0;
  private units = 0;
  private step = 0;

  /**
   * @param minHeight the plot's height in pixels at least (a row of one unit is this tall)
   * @param id the gate's name, used in data-testid (heatmap-I, heatmap-C_tilde, ...)
   * @param onPick called with the step of a clicked cell
   */
  constructor(parent: HTMLElement, id: string, title: string, private readonly minHeight: number, private readonly label: CellLabel, onPick: (step: number) => void) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'heatmap';
    this.root.dataset.testid = `heatmap-${id}`;
    const caption = this.root.appendChild(document.createElement('figcaption'));
    caption.appendChild(document.createElement('span')).textContent = title;
    this.legend = caption.appendChild(document.createElement('span'));
    this.noteEl = caption.appendChild(document.createElement('span'));
    this.noteEl.className = 'heatmap-note';
    const plot = this.root.appendChild(document.createElement('div'));
    plot.className = 'heatmap-plot';
    this.canvas = plot.appendChild(document.createElement('canvas'));
    this.canvas.dataset.gate = id;
    this.cursor = plot.appendChild(document.createElement('div'));
    this.cursor.className = 'heatmap-cursor';
    this.tip = plot.appendChild(document.createElement('div'));
    this.tip.className = 'heatmap-tip';
    this.tip.hidden = true;
    this.axes = select(plot).append('svg').attr('class', 'heatmap-axes');
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tip.hidden = true));
    this.canvas.addEventListener('click', (e) => onPick(this.cellAt(e).step));
    new ResizeObserver(() => this.layout()).observe(plot);
  }

  /** Paints `values` ([steps × units] time-major) with rows in `order`, on `scale`. */
  draw(values: Float32Array, steps: number, units: number, order: Int32Array, scale: ColourScale): void {
    Object.assign(this, { values, steps, units, order });
    const { canvas } = this;
    canvas.width = Math.max(steps, 1);
    canvas.height = Math.max(units, 1);
    canvas.dataset.steps = String(steps);
    canvas.dataset.units = String(units);
    const img = new ImageData(canvas.width, canvas.height);
    const lut = colourLut(scale);
    const px = new Uint32Array(img.data.buffer);
    const lut32 = new Uint32Array(lut.buffer);
    for (let row = 0; row < units; row++) {
      const j = order[row];
      const base = row * steps;
      for (let t = 0; t < steps; t++) px[base + t] = lut32[lutIndex(scale, values[t * units + j])];
    }
    canvas.getContext('2d')?.putImageData(img, 0, 0);
    drawLegend(this.legend, scale);
    this.layout();
  }

  /** A remark beside the title (empty: none). */
  note(text: string): void {
    this.noteEl.textContent = text;
  }

  /** Moves the cursor to step t. */
  setStep(t: number): void {
    this.step = t;
    const w = this.canvas.clientWidth;
    this.cursor.style.transform = `translateX(${MARGIN.left + ((t + 0.5) * w) / Math.max(this.steps, 1)}px)`;
  }

  private layout(): void {
    const plot = this.canvas.parentElement as HTMLElement;
    const w = Math.max(40, plot.clientWidth - MARGIN.left);
    const h = Math.max(this.minHeight, Math.min(MAX_HEIGHT, this.units * ROW_PX));
    Object.assign(this.canvas.style, { width: `${w}px`, height: `${h}px`, marginLeft: `${MARGIN.left}px` });
    this.cursor.style.height = `${h}px`;
    const x = scaleLinear().domain([0, this.steps]).range([0, w]);
    const y = scaleLinear().domain([0, this.units]).range([0, h]);
    this.axes.attr('width', w + MARGIN.left).attr('height', h + MARGIN.bottom);
    this.axes.selectAll('g').remove();
    this.axes
      .append('g')
      .attr('transform', `translate(${MARGIN.left},${h})`)
      .call(axisBottom(x).tickValues(stepTicks(this.steps, Math.max(2, Math.floor(w / 80)))).tickFormat((v) => String(Number(v) + 0.5)));
    if (this.units > 1) {
      // Rows are units in the current order: label the row positions, not unit indices.
      this.axes
        .append('g')
        .attr('transform', `translate(${MARGIN.left},0)`)
        .call(axisLeft(y).ticks(Math.min(5, this.units)).tickFormat((v) => String(v)));
    }
    this.setStep(this.step);
  }

  private cellAt(e: MouseEvent): { step: number; row: number } {
    const r = this.canvas.getBoundingClientRect();
    const step = Math.min(this.steps - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * this.steps)));
    const row = Math.min(this.units - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * this.units)));
    return { step, row };
  }

  private hover(e: MouseEvent): void {
    if (this.steps === 0) return;
    const { step, row } = this.cellAt(e);
    const unit = this.order[row];
    const value = this.values[step * this.units + unit];
    this.tip.hidden = false;
    this.tip.textContent = this.label(unit, step, value);
    this.tip.dataset.unit = String(unit);
    this.tip.dataset.step = String(step);
    this.tip.dataset.value = String(value);
    const r = this.canvas.getBoundingClientRect();
    this.tip.style.transform = `translate(${MARGIN.left + e.clientX - r.left + 12}px, ${e.clientY - r.top + 12}px)`;
  }
}

/**
 * Time-axis ticks numbered from 1 like the step readouts: step k (1-based) fills [k − 1, k)
 * on the axis, so its tick sits at the cell's centre k − 0.5.
 */
function stepTicks(steps: number, count: number): number[] {
  return scaleLinear().domain([1, Math.max(1, steps)]).ticks(count).filter((v) => Number.isInteger(v) && v >= 1 && v <= steps).map((v) => v - 0.5);
}
