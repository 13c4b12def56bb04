/**
 * LSTM Lens's one colour convention for signed values, in every view: negative is blue,
 * positive is red, zero is the background (gates, which lie in (0, 1), run from the background
 * to red). The panel draws with the theme's chart colours (CSS variables); the hover's picture,
 * which cannot read the theme, uses the RGB values; the editor's colouring uses the contributed
 * theme colours lstmLens.colouring.negative1…5 / positive1…5 (package.json), so themes and
 * high contrast can change them.
 */
export interface SignColour {
  /** The theme's chart colour the panel uses. */
  readonly themeVariable: string;
  readonly fallback: string;
  /** For pictures made outside the theme (the hover's SVG) and the editor colours' defaults. */
  readonly rgb: readonly [number, number, number];
}

export const NEGATIVE_COLOUR: SignColour = { themeVariable: '--vscode-charts-blue', fallback: '#3794ff', rgb: [33, 102, 172] };
export const POSITIVE_COLOUR: SignColour = { themeVariable: '--vscode-charts-red', fallback: '#f14c4c', rgb: [214, 39, 40] };

/** Colour levels per sign in the editor's colouring (|v| in fifths of [0, 1], the weakest left uncoloured). */
export const COLOURING_LEVELS = 5;

/** The contributed theme colour of level `level` (0-based, weakest first) of a sign. */
export function colouringColourId(sign: 'negative' | 'positive', level: number): string {
  return `lstmLens.colouring.${sign}${level + 1}`;
}

/** The default (light and dark themes) of a level: the sign's colour, more opaque at higher levels. */
export function colouringDefault(sign: 'negative' | 'positive', level: number): string {
  const [r, g, b] = (sign === 'negative' ? NEGATIVE_COLOUR : POSITIVE_COLOUR).rgb;
  const alpha = Math.round(255 * 0.15 * (level + 1));
  return `#${[r, g, b, alpha].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}
