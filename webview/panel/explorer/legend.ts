/**
 * A colour legend: the scale's gradient on a small canvas with a D3 axis of its values under
 * it. On a C scale wider than [−1, 1], tanh's range takes the middle half of the legend, so the
 * ±1 marks where C leaves it stay readable.
 */
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom } from 'd3-axis';
import { format } from 'd3-format';
import { rgba, type ColourScale } from './colourScales';

const WIDTH = 160;
const BAR = 8;
const INSET = 12;

/** Draws `scale`'s legend into `host`, replacing what was there. */
export function drawLegend(host: HTMLElement, scale: ColourScale): void {
  host.replaceChildren();
  host.classList.add('legend');
  const [lo, hi] = scale.domain;
  const wide = scale.kind === 'cell' && hi > 1;
  const x = wide ? scaleLinear().domain([lo, -1, 1, hi]).range([0, WIDTH / 4, (3 * WIDTH) / 4, WIDTH]) : scaleLinear().domain([lo, hi]).range([0, WIDTH]);
  const canvas = host.appendChild(document.createElement('canvas'));
  canvas.width = WIDTH;
  canvas.height = 1;
  Object.assign(canvas.style, { width: `${WIDTH}px`, height: `${BAR}px`, marginLeft: `${INSET}px` });
  const img = new ImageData(WIDTH, 1);
  for (let i = 0; i < WIDTH; i++) img.data.set(rgba(scale, x.invert(i + 0.5)), i * 4);
  canvas.getContext('2d')?.putImageData(img, 0, 0);
  const ticks = wide ? [lo, -1, 0, 1, hi] : x.ticks(4);
  const svg = select(host).append('svg').attr('width', WIDTH + 2 * INSET).attr('height', 18).attr('class', 'legend-axis');
  svg
    .append('g')
    .attr('transform', `translate(${INSET},0)`)
    .call(axisBottom(x).tickValues(ticks).tickSize(3).tickFormat((v) => format('.3~g')(v as number)));
}
