/**
 * Line charts of C and H over time for a few chosen units (D3 lines in SVG: a handful of
 * polylines, not one node per value), with a cursor at the current step. C gets dashed lines
 * at ±1, where it leaves the range of tanh.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import { extent } from 'd3-array';

const SIZE = { width: 560, height: 130, left: 36, right: 8, top: 8, bottom: 20 };
/** Theme chart colours, one per chosen unit (cycled). */
const COLOURS = ['blue', 'red', 'green', 'yellow', 'orange', 'purple'].map((c) => `var(--vscode-charts-${c})`);

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** One series: a unit's values over the steps. */
export interface UnitSeries {
  readonly unit: number;
  readonly values: Float64Array;
}

export class UnitChart {
  readonly root: HTMLElement;
  private readonly svg: Svg;
  private readonly cursor: Selection<SVGLineElement, unknown, null, undefined>;
  private x = scaleLinear();

  constructor(parent: HTMLElement, private readonly gate: 'C' | 'H') {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'unit-chart';
    this.root.dataset.testid = `chart-${gate}`;
    this.svg = select(this.root).append('svg').attr('viewBox', `0 0 ${SIZE.width} ${SIZE.height}`);
    this.cursor = this.svg.append('line').attr('class', 'chart-cursor');
  }

  /** Draws the series over `steps` steps. */
  draw(series: readonly UnitSeries[], steps: number): void {
    const svg = this.svg;
    svg.selectAll('g, path').remove();
    this.x = scaleLinear().domain([0, Math.max(steps - 1, 1)]).range([SIZE.left, SIZE.width - SIZE.right]);
    const [lo, hi] = extent(series.flatMap((s) => [...s.values]).concat([-1, 1])) as [number, number];
    const y = scaleLinear().domain([lo, hi]).nice().range([SIZE.height - SIZE.bottom, SIZE.top]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${SIZE.height - SIZE.bottom})`).call(axisBottom(this.x).ticks(8));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${SIZE.left},0)`).call(axisLeft(y).ticks(4));
    if (this.gate === 'C') {
      for (const bound of [-1, 1]) svg.append('path').attr('class', 'tanh-bound').attr('d', `M${SIZE.left},${y(bound)} H${SIZE.width - SIZE.right}`);
    }
    const path = line<number>()
      .x((_, t) => this.x(t))
      .y((v) => y(v));
    series.forEach((s, i) => {
      svg.append('path').attr('class', 'series').attr('data-unit', s.unit).style('stroke', COLOURS[i % COLOURS.length]).attr('d', path(Array.from(s.values)));
    });
    const legend = svg.append('g').attr('class', 'chart-legend').attr('transform', `translate(${SIZE.left + 6},${SIZE.top + 8})`);
    legend.append('text').text(this.gate);
    series.forEach((s, i) => legend.append('text').attr('x', 24 + i * 44).style('fill', COLOURS[i % COLOURS.length]).text(`#${s.unit}`));
    this.cursor.attr('y1', SIZE.top).attr('y2', SIZE.height - SIZE.bottom).raise();
  }

  setStep(t: number): void {
    const x = this.x(t);
    this.cursor.attr('x1', x).attr('x2', x);
  }
}
