/**
 * A match's small heatmap: the pattern's units (rows) over the matched steps and a few either
 * side (columns), one canvas pixel a cell on the explorer's diverging H scale (theme colours),
 * the context columns at half strength so the match stands out.
 */
import { colourLut, lutIndex, type ColourScale } from '../explorer/colourScales';
import type { PatternHeatmap } from '../../../src/protocol/patterns';

/** CSS pixels a cell is drawn: wide enough to tell steps apart, a row short enough for tens of units. */
const CELL_WIDTH = 8;
const MAX_ROW_HEIGHT = 8;
const MAX_HEIGHT = 64;

/** A canvas painting `heatmap`, whose match is steps [start, end) of the document. */
export function matchHeatmap(heatmap: PatternHeatmap, start: number, end: number, scale: ColourScale): HTMLCanvasElement {
  const { steps, units, values, first } = heatmap;
  const rows = units.length;
  const canvas = document.createElement('canvas');
  canvas.className = 'match-heatmap';
  canvas.width = Math.max(steps, 1);
  canvas.height = Math.max(rows, 1);
  canvas.dataset.steps = String(steps);
  canvas.dataset.units = String(rows);
  canvas.style.width = `${canvas.width * CELL_WIDTH}px`;
  canvas.style.height = `${Math.min(MAX_HEIGHT, canvas.height * MAX_ROW_HEIGHT)}px`;
  canvas.setAttribute('aria-hidden', 'true');
  const img = new ImageData(canvas.width, canvas.height);
  const lut = colourLut(scale);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < steps; c++) {
      const at = lutIndex(scale, values[r * steps + c]) * 4;
      const px = (r * steps + c) * 4;
      img.data.set(lut.subarray(at, at + 3), px);
      const inMatch = first + c >= start && first + c < end;
      img.data[px + 3] = inMatch ? 255 : 110;
    }
  }
  canvas.getContext('2d')?.putImageData(img, 0, 0);
  return canvas;
}
