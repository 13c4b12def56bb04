/**
 * The memory-length curve, "how far back does the model look" (Madsen 2019): mean gradient
 * connectivity against distance k = 1..window on a log scale, one D3 line per series (a model,
 * or a cell kind when comparing). k = 0, the character read at the step itself, is left out:
 * it dwarfs the rest and says nothing about memory.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';

const SIZE = { width: 560, height: 160, left: 48, right: 8, top: 10, bottom: 30 };

export interface CurveSeries {
  readonly label: string;
  /** mean[k] for k = 0..window (NaN where no position reached k). */
  readonly mean: ArrayLike<number>;
  /** A CSS colour (a theme variable). */
  readonly colour: string;
}

export class MemoryCurveChart {
  readonly root: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;

  constructor(parent: HTMLElement, title: string, private readonly axisLabel: string, testid = 'memory-curve') {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'memory-curve';
    this.root.dataset.testid = testid;
    const caption = this.root.appendChild(document.createElement('figcaption'));
    caption.textContent = title;
    this.svg = select(this.root).append('svg').attr('viewBox', `0 0 ${SIZE.width} ${SIZE.height}`).attr('role', 'img').attr('aria-label', title);
  }

  /** Draws the series; the points of each (k ≥ 1 with a positive mean) are counted in data-points. */
  draw(series: readonly CurveSeries[]): void {
    const svg = this.svg;
    svg.selectAll('*').remove();
    const points = series.map((s) => Array.from(s.mean).map((v, k) => ({ k, v })).filter((p) => p.k >= 1 && Number.isFinite(p.v) && p.v > 0));
    const all = points.flat();
    if (all.length === 0) {
      this.root.dataset.points = '0';
      return;
    }
    const maxK = Math.max(...all.map((p) => p.k));
    const lo = Math.min(...all.map((p) => p.v));
    const hi = Math.max(...all.map((p) => p.v));
    const x = scaleLinear().domain([1, Math.max(maxK, 2)]).range([SIZE.left, SIZE.width - SIZE.right]);
    const y = scaleLog().domain([lo, hi > lo ? hi : lo * 10]).nice().range([SIZE.height - SIZE.bottom, SIZE.top]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${SIZE.height - SIZE.bottom})`).call(axisBottom(x).ticks(8));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${SIZE.left},0)`).call(axisLeft(y).ticks(4, '.0e'));
    svg.append('text').attr('class', 'axis-label').attr('x', SIZE.width - SIZE.right).attr('y', SIZE.height - 2).attr('text-anchor', 'end').text(this.axisLabel);
    const path = line<{ k: number; v: number }>()
      .x((p) => x(p.k))
      .y((p) => y(p.v));
    series.forEach((s, i) => {
      svg.append('path').attr('class', 'series').attr('data-series', s.label).attr('data-points', points[i].length).style('stroke', s.colour).attr('d', path(points[i]));
    });
    const legend = svg.append('g').attr('class', 'chart-legend').attr('transform', `translate(${SIZE.left + 8},${SIZE.top + 10})`);
    series.forEach((s, i) => legend.append('text').attr('x', i * 70).style('fill', s.colour).text(s.label));
    this.root.dataset.points = String(points.reduce((n, p) => n + p.length, 0));
  }
}
