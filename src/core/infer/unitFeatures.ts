/**
 * Interpretable units (Karpathy, Johnson & Fei-Fei, "Visualizing and Understanding Recurrent
 * Networks"): which hidden units track simple features of the text, measured as the Pearson
 * correlation, over every step, between a unit's value after reading a character (a unit of
 * C or of H = O ⊙ tanh(C)) and that character's feature.
 */
import { cellInfo } from '../model/cells/cellInfos';
import type { CellKind, ModelConfig } from '../model/config';
import type { GateValues } from './stepModel';

/** The text features units are ranked against. */
export const TEXT_FEATURES = ['insideQuotes', 'bracketDepth', 'lineColumn', 'wordStart', 'whitespace', 'digit'] as const;
export type TextFeature = (typeof TEXT_FEATURES)[number];

/** A state a unit belongs to: the memory cell C (LSTM only) or the hidden state H. */
export type UnitKind = 'C' | 'H';

/** One unit of one layer's C or H. */
export interface UnitRef {
  readonly layer: number;
  readonly kind: UnitKind;
  readonly unit: number;
}

/** How strongly a unit tracks a feature: Pearson's r over the steps, in [−1, 1]. */
export interface UnitScore extends UnitRef {
  readonly feature: TextFeature;
  readonly r: number;
}

/** The states a cell has units in: C and H for the LSTM, H for the GRU and the RNN. */
export function unitKinds(cell: CellKind): readonly UnitKind[] {
  return cellInfo(cell).hasCellState ? ['C', 'H'] : ['H'];
}

const OPEN = '([{';
const CLOSE = ')]}';
const isWordChar = (ch: string): boolean => /[\p{L}\p{N}_]/u.test(ch);

/**
 * Every feature of the character at each offset (ascending), as it stands after that character
 * is read, [TEXT_FEATURES.length × offsets.length] feature-major: inside "double quotes" (the
 * opening quote counts, the closing one does not), bracket depth, column in the line, start of
 * a word, whitespace, digit.
 */
export function textFeatures(text: string, offsets: ArrayLike<number>): Float64Array {
  const n = offsets.length;
  const out = new Float64Array(TEXT_FEATURES.length * n);
  let inQuotes = false;
  let depth = 0;
  let lineStart = 0;
  let prevWord = false;
  let k = 0;
  for (let i = 0; i < text.length && k < n; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '“') inQuotes = true;
    else if (ch === '”') inQuotes = false;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    const word = isWordChar(ch);
    for (; k < n && offsets[k] === i; k++) {
      out[0 * n + k] = inQuotes ? 1 : 0;
      out[1 * n + k] = depth;
      out[2 * n + k] = i - lineStart;
      out[3 * n + k] = word && !prevWord ? 1 : 0;
      out[4 * n + k] = /\s/.test(ch) ? 1 : 0;
      out[5 * n + k] = ch >= '0' && ch <= '9' ? 1 : 0;
    }
    prevWord = word;
    if (ch === '\n' || ch === '\r') lineStart = i + 1;
  }
  return out;
}

/**
 * Running sums for Pearson's r between every unit and every feature, so a whole file is ranked
 * without keeping its trace: Σx, Σx², Σy, Σy², Σxy.
 */
export class UnitCorrelations {
  private readonly kinds: readonly UnitKind[];
  private readonly h: number;
  /** Units in (layer, kind, unit) order. */
  private readonly units: number;
  private n = 0;
  private readonly sx: Float64Array;
  private readonly sxx: Float64Array;
  private readonly sy = new Float64Array(TEXT_FEATURES.length);
  private readonly syy = new Float64Array(TEXT_FEATURES.length);
  /** [units × features]. */
  private readonly sxy: Float64Array;

  constructor(private readonly config: ModelConfig) {
    this.kinds = unitKinds(config.cell);
    this.h = config.hiddenSize;
    this.units = config.numLayers * this.kinds.length * this.h;
    this.sx = new Float64Array(this.units);
    this.sxx = new Float64Array(this.units);
    this.sxy = new Float64Array(this.units * TEXT_FEATURES.length);
  }

  /** Adds a step: the gates after reading a token, and the features of its character (column `k` of `features`, with `n` columns). */
  add(gatesOf: (layer: number) => GateValues, features: Float64Array, k: number, n: number): void {
    const F = TEXT_FEATURES.length;
    const y = new Float64Array(F);
    for (let f = 0; f < F; f++) {
      y[f] = features[f * n + k];
      this.sy[f] += y[f];
      this.syy[f] += y[f] * y[f];
    }
    let u = 0;
    for (let layer = 0; layer < this.config.numLayers; layer++) {
      const g = gatesOf(layer);
      for (const kind of this.kinds) {
        const x = g[kind];
        for (let j = 0; j < this.h; j++, u++) {
          const v = x[j];
          this.sx[u] += v;
          this.sxx[u] += v * v;
          for (let f = 0; f < F; f++) this.sxy[u * F + f] += v * y[f];
        }
      }
    }
    this.n++;
  }

  /** Steps added so far. */
  get steps(): number {
    return this.n;
  }

  /** r of every unit with every feature; pairs where either side never varied are left out. */
  scores(): UnitScore[] {
    const F = TEXT_FEATURES.length;
    const n = this.n;
    const out: UnitScore[] = [];
    const perLayer = this.kinds.length * this.h;
    for (let u = 0; u < this.units; u++) {
      const varX = n * this.sxx[u] - this.sx[u] * this.sx[u];
      if (!(varX > 1e-12 * n * n)) continue;
      const layer = Math.floor(u / perLayer);
      const kind = this.kinds[Math.floor((u % perLayer) / this.h)];
      const unit = u % this.h;
      for (let f = 0; f < F; f++) {
        const varY = n * this.syy[f] - this.sy[f] * this.sy[f];
        if (!(varY > 1e-12 * n * n)) continue;
        const r = (n * this.sxy[u * F + f] - this.sx[u] * this.sy[f]) / Math.sqrt(varX * varY);
        out.push({ layer, kind, unit, feature: TEXT_FEATURES[f], r: Math.max(-1, Math.min(1, r)) });
      }
    }
    return out;
  }
}

/** For each feature, the `k` units whose |r| with it is largest, strongest first. */
export function bestUnitsByFeature(scores: readonly UnitScore[], k: number): Map<TextFeature, UnitScore[]> {
  const best = new Map<TextFeature, UnitScore[]>();
  for (const f of TEXT_FEATURES) {
    const top = scores.filter((s) => s.feature === f).sort((a, b) => Math.abs(b.r) - Math.abs(a.r)).slice(0, k);
    if (top.length > 0) best.set(f, top);
  }
  return best;
}
