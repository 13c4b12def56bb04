/** A colour legend: the scale's gradient on a small canvas with a D3 axis of its values under it. */
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom } from 'd3-axis';
import { colourLut, LUT_SIZE, type ColourScale } from './colourScales';

const WIDTH = 160;
const BAR = 8;

/** Draws `scale`'s legend into `host` (replacing what was there); ticks at ±1 mark tanh's range on a wider C scale. */
export function drawLegend(host: HTMLElement, scale: ColourScale): void {
  host.replaceChildren();
  host.classList.add('legend');
  const canvas = host.appendChild(document.createElement('canvas'));
  canvas.width = LUT_SIZE;
  canvas.height = 1;
  canvas.style.width = `${WIDTH}px`;
  canvas.style.marginLeft = '12px';
  canvas.style.height = `${BAR}px`;
  const ctx = canvas.getContext('2d');
  ctx?.putImageData(new ImageData(colourLut(scale), LUT_SIZE, 1), 0, 0);
  const [lo, hi] = scale.domain;
  const x = scaleLinear().domain([lo, hi]).range([0.5, WIDTH - 0.5]);
  const ticks = scale.kind === 'cell' && hi > 1 ? [lo, -1, 0, 1, hi] : x.ticks(4);
  const svg = select(host).append('svg').attr('width', WIDTH + 24).attr('height', 18).attr('class', 'legend-axis');
  svg
    .append('g')
    .attr('transform', 'translate(12,0)')
    .call(axisBottom(x).tickValues(ticks).tickSize(3).tickFormat((v) => ((v as number) % 1 === 0 ? String(v) : (v as number).toFixed(1))));
}
