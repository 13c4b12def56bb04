/**
 * One line per compared cell on one D3 chart, with a legend of the cells' names: the Compare
 * view's perplexity per epoch (linear) and its memory-length curves (log y, where a gradient
 * that fades geometrically with distance is a straight line).
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import { extent } from 'd3-array';
import type { CellKind } from '../../../src/core/model/config';
import { CELL_COLOURS, cellName } from './cellColours';

const SIZE = { width: 560, height: 240, left: 56, right: 72, top: 12, bottom: 36 };

/** A cell's points as [x, y]. */
export interface CellLine {
  readonly cell: CellKind;
  readonly points: readonly (readonly [number, number])[];
}

export interface CellLinesChartOptions {
  readonly testid: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** A log y axis (only positive values are drawn). */
  readonly logY: boolean;
}

export class CellLinesChart {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;

  constructor(
    parent: HTMLElement,
    private readonly options: CellLinesChartOptions,
  ) {
    const figure = select(parent).append('figure').attr('class', 'cell-lines');
    figure.append('figcaption').text(options.title);
    this.svg = figure
      .append('svg')
      .attr('data-testid', options.testid)
      .attr('viewBox', `0 0 ${SIZE.width} ${SIZE.height}`)
      .attr('role', 'img')
      .attr('aria-label', options.title);
    this.svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${SIZE.height - SIZE.bottom})`);
    this.svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${SIZE.left},0)`);
    this.svg.append('g').attr('class', 'lines');
    this.svg.append('g').attr('class', 'legend').attr('transform', `translate(${SIZE.width - SIZE.right + 8},${SIZE.top + 8})`);
    this.svg.append('text').attr('class', 'axis-label').attr('x', SIZE.width / 2).attr('y', SIZE.height - 4).attr('text-anchor', 'middle').text(options.xLabel);
    this.svg.append('text').attr('class', 'axis-label').attr('transform', `translate(12,${SIZE.height / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(options.yLabel);
  }

  draw(lines: readonly CellLine[]): void {
    const { logY } = this.options;
    const drawn = lines.map(({ cell, points }) => ({ cell, points: points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0)) }));
    const all = drawn.flatMap((l) => l.points);
    const [x0 = 1, x1 = 2] = extent(all, (p) => p[0]);
    const x = scaleLinear().domain([x0, Math.max(x1, x0 + 1)]).range([SIZE.left, SIZE.width - SIZE.right]);
    const [y0 = 1, y1 = 10] = extent(all, (p) => p[1]);
    const y = logY
      ? scaleLog().domain([y0, Math.max(y1, y0 * 10)]).range([SIZE.height - SIZE.bottom, SIZE.top]).nice()
      : scaleLinear().domain([y0, Math.max(y1, y0 + 1)]).range([SIZE.height - SIZE.bottom, SIZE.top]).nice();
    this.svg.select<SVGGElement>('.x-axis').call(axisBottom(x).ticks(6));
    this.svg.select<SVGGElement>('.y-axis').call(logY ? axisLeft(y).ticks(5, '.0e') : axisLeft(y).ticks(5));
    const path = line<readonly [number, number]>()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    this.svg
      .select('.lines')
      .selectAll<SVGPathElement, (typeof drawn)[number]>('path')
      .data(drawn, (d) => d.cell)
      .join('path')
      .attr('class', 'cell-line')
      .attr('data-cell', (d) => d.cell)
      .attr('data-curve-points', (d) => d.points.length)
      .attr('fill', 'none')
      .attr('stroke', (d) => CELL_COLOURS[d.cell])
      .attr('stroke-width', 2)
      .attr('d', (d) => path(d.points) ?? '');
    const legend = this.svg
      .select('.legend')
      .selectAll<SVGGElement, CellLine>('g')
      .data(lines, (d) => d.cell)
      .join((enter) => {
        const g = enter.append('g').attr('data-testid', 'legend-item');
        g.append('rect').attr('width', 12).attr('height', 3).attr('y', -4);
        g.append('text').attr('x', 16).attr('dominant-baseline', 'middle');
        return g;
      })
      .attr('data-cell', (d) => d.cell)
      .attr('transform', (_, i) => `translate(0,${i * 16})`);
    legend.select('rect').attr('fill', (d) => CELL_COLOURS[d.cell]);
    legend.select('text').text((d) => cellName(d.cell));
  }
}
