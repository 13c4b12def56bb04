/**
 * Theme-aware colour scales for gate values, built from VS Code's theme variables so a dark
 * and a light theme both read well: I, F, O (and surprisal) on a sequential scale from the
 * editor background to red; C̃ and H on a diverging blue–background–red scale over [−1, 1]
 * (the project's one convention for signed values: src/protocol/signedColours.ts); C on its own
 * symmetric range, where values beyond ±1 turn towards purple / orange so the explorer shows
 * where C leaves the range tanh would squash it to.
 */
import { interpolateRgb } from 'd3-interpolate';
import { scaleLinear } from 'd3-scale';
import { color } from 'd3-color';
import { NEGATIVE_COLOUR, POSITIVE_COLOUR } from '../../../src/protocol/signedColours';

/** What a scale's colours mean: gates in (0, 1), tanh values in (−1, 1), C unbounded, or a positive quantity. */
export type ScaleKind = 'gate' | 'tanh' | 'cell' | 'positive';

/** The scale each traced value is drawn on. */
export function scaleKindOf(gate: string): ScaleKind {
  if (gate === 'C') return 'cell';
  return gate === 'C_tilde' || gate === 'H' || gate === 'H_tilde' ? 'tanh' : 'gate';
}

export interface ColourScale {
  readonly kind: ScaleKind;
  readonly domain: readonly [number, number];
  /** CSS colour of a value. */
  (v: number): string;
}

interface ThemeColours {
  readonly background: string;
  readonly low: string;
  readonly high: string;
  readonly beyondLow: string;
  readonly beyondHigh: string;
}

function themeColours(): ThemeColours {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--vscode-editor-background', '#1e1e1e'),
    low: v(NEGATIVE_COLOUR.themeVariable, NEGATIVE_COLOUR.fallback),
    high: v(POSITIVE_COLOUR.themeVariable, POSITIVE_COLOUR.fallback),
    beyondLow: v('--vscode-charts-purple', '#b180d7'),
    beyondHigh: v('--vscode-charts-orange', '#d18616'),
  };
}

/** A scale for values of `kind`; `extent` is the largest |value| (used by 'cell' and 'positive'). */
export function colourScale(kind: ScaleKind, extent = 1): ColourScale {
  const c = themeColours();
  const m = Math.max(1, extent);
  let f: (v: number) => string;
  let domain: [number, number];
  switch (kind) {
    case 'gate':
      domain = [0, 1];
      f = scaleLinear<string>().domain(domain).range([c.background, c.high]).interpolate(interpolateRgb).clamp(true);
      break;
    case 'positive':
      domain = [0, Math.max(extent, 1e-6)];
      f = scaleLinear<string>().domain(domain).range([c.background, c.high]).interpolate(interpolateRgb).clamp(true);
      break;
    case 'tanh':
      domain = [-1, 1];
      f = scaleLinear<string>().domain([-1, 0, 1]).range([c.low, c.background, c.high]).interpolate(interpolateRgb).clamp(true);
      break;
    case 'cell':
      domain = [-m, m];
      f = scaleLinear<string>()
        .domain(m > 1 ? [-m, -1, 0, 1, m] : [-1, 0, 1])
        .range(m > 1 ? [c.beyondLow, c.low, c.background, c.high, c.beyondHigh] : [c.low, c.background, c.high])
        .interpolate(interpolateRgb)
        .clamp(true);
      break;
  }
  return Object.assign((v: number) => f(v), { kind, domain });
}

/** The RGBA bytes of a value's colour. */
export function rgba(scale: ColourScale, v: number): [number, number, number, number] {
  const rgb = color(scale(v))?.rgb();
  return [rgb?.r ?? 0, rgb?.g ?? 0, rgb?.b ?? 0, 255];
}

/** Entries of a colour LUT, spanning the scale's domain evenly. */
const LUT_SIZE = 1024;

/** The scale as LUT_SIZE RGBA entries, for painting ImageData without a colour parse per cell. */
export function colourLut(scale: ColourScale): Uint8ClampedArray<ArrayBuffer> {
  const [lo, hi] = scale.domain;
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) lut.set(rgba(scale, lo + ((hi - lo) * i) / (LUT_SIZE - 1)), i * 4);
  return lut;
}

/** The LUT index of a value. */
export function lutIndex(scale: ColourScale, v: number): number {
  const [lo, hi] = scale.domain;
  const i = Math.round(((v - lo) / (hi - lo)) * (LUT_SIZE - 1));
  return i < 0 ? 0 : i > LUT_SIZE - 1 ? LUT_SIZE - 1 : i;
}
