/**
 * The hover's picture of one step: for each layer, I, F, O, C̃, C and H (the GRU's R, Z, H̃, H;
 * the RNN's H) as grids of the hidden units, on one diverging colour scale from −1 to +1 (C is
 * clamped to it), with its legend. Hovers allow no inline SVG, so it travels as a base64
 * `data:image/svg+xml` URI. The picture carries its own light background, so it reads the same
 * in light and dark themes. One <path> per colour level keeps the URI small. vscode-free.
 */
import { NEGATIVE_COLOUR, POSITIVE_COLOUR } from '../../protocol/signedColours';

/** d2l's symbol for each traced value. */
export const GATE_SYMBOLS: Readonly<Record<string, string>> = {
  I: 'I', F: 'F', O: 'O', C_tilde: 'C̃', C: 'C', H: 'H', R: 'R', Z: 'Z', H_tilde: 'H̃',
};

/** Colour levels on the scale, an odd number so that 0 has its own. */
const LEVELS = 21;
const NEGATIVE = NEGATIVE_COLOUR.rgb; // −1
const NEUTRAL = [240, 240, 240]; // 0
const POSITIVE = POSITIVE_COLOUR.rgb; // +1
const PAD = 8;
const LABEL = 14;
const GAP = 8;
const PANEL = 72;
const SWATCH = 6;

function mix(a: readonly number[], b: readonly number[], w: number): string {
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * w));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** The colour of each level, −1 (blue) through 0 (light grey) to +1 (red). */
const PALETTE = Array.from({ length: LEVELS }, (_, i) => {
  const half = (LEVELS - 1) / 2;
  return i < half ? mix(NEGATIVE, NEUTRAL, i / half) : mix(NEUTRAL, POSITIVE, (i - half) / half);
});

function levelOf(v: number): number {
  const clamped = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return Math.round(((clamped + 1) / 2) * (LEVELS - 1));
}

/** `s` as XML character data: a gate name read from a model file cannot add markup to the picture. */
function xmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One step's values, per layer, as an SVG document. */
export function gateHeatmapSvg(layers: readonly Readonly<Record<string, Float32Array>>[], names: readonly string[]): string {
  const h = layers[0][names[0]].length;
  const cols = Math.ceil(Math.sqrt(h));
  const rows = Math.ceil(h / cols);
  const cell = Math.max(2, Math.min(12, Math.floor(PANEL / cols)));
  const rowLabel = layers.length > 1 ? 24 : 0;
  const panelW = cols * cell;
  const panelH = rows * cell;
  const width = PAD * 2 + rowLabel + names.length * panelW + (names.length - 1) * GAP;
  const legendY = PAD + layers.length * (LABEL + panelH + GAP);
  const height = legendY + LABEL + SWATCH + PAD;
  const paths = PALETTE.map(() => [] as string[]);
  const text: string[] = [];
  layers.forEach((gates, k) => {
    const top = PAD + k * (LABEL + panelH + GAP);
    if (rowLabel) text.push(`<text x="${PAD}" y="${top + LABEL + panelH / 2 + 4}">L${k + 1}</text>`);
    names.forEach((name, g) => {
      const left = PAD + rowLabel + g * (panelW + GAP);
      text.push(`<text x="${left + panelW / 2}" y="${top + LABEL - 3}" text-anchor="middle">${xmlText(GATE_SYMBOLS[name] ?? name)}</text>`);
      gates[name].forEach((v, j) => {
        const x = left + (j % cols) * cell;
        const y = top + LABEL + Math.floor(j / cols) * cell;
        paths[levelOf(v)].push(`M${x} ${y}h${cell}v${cell}h-${cell}z`);
      });
    });
  });
  const legend = PALETTE.map((c, i) => `<rect x="${PAD + i * SWATCH}" y="${legendY}" width="${SWATCH}" height="${SWATCH}" fill="${c}"/>`);
  const legendEnd = PAD + LEVELS * SWATCH;
  text.push(
    `<text x="${PAD}" y="${legendY + SWATCH + LABEL - 3}">−1</text>`,
    `<text x="${PAD + (LEVELS * SWATCH) / 2}" y="${legendY + SWATCH + LABEL - 3}" text-anchor="middle">0</text>`,
    `<text x="${legendEnd}" y="${legendY + SWATCH + LABEL - 3}" text-anchor="end">+1</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#333">`,
    `<rect width="${width}" height="${height}" rx="4" fill="#fcfcfc" stroke="#c8c8c8"/>`,
    ...paths.map((d, i) => (d.length ? `<path fill="${PALETTE[i]}" d="${d.join('')}"/>` : '')).filter(Boolean),
    ...legend,
    ...text,
    '</svg>',
  ].join('');
}

/** An SVG as a URI a Markdown image can show. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
