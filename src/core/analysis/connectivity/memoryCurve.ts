/**
 * The memory-length curve: mean connectivity against distance k = t − s over many positions of
 * a text, "how far back does the model look" (plotted on a log scale).
 */
import type { StepConnectivity } from './stepConnectivity';

export interface MemoryCurve {
  /** mean[k] for k = 0..window (k = 0 first); NaN where no position reached k. */
  readonly mean: Float64Array;
  /** How many positions contributed at each k (fewer at large k for positions whose window is shorter). */
  readonly counts: Int32Array;
  /** Positions averaged. */
  readonly positions: number;
}

/** Averages per distance: each position counts at every k its window reaches (count per k, nothing skipped). */
export function memoryLengthCurve(steps: readonly StepConnectivity[], window: number): MemoryCurve {
  const sums = new Float64Array(window + 1);
  const counts = new Int32Array(window + 1);
  for (const { byDistance } of steps) {
    for (let k = 0; k < Math.min(byDistance.length, window + 1); k++) {
      sums[k] += byDistance[k];
      counts[k]++;
    }
  }
  return { mean: sums.map((s, k) => (counts[k] > 0 ? s / counts[k] : NaN)), counts, positions: steps.length };
}

/**
 * `count` positions evenly spread over a text of `textLength` tokens from `window` on (each
 * with its full window) to the last step that has a next token; fewer where the text is short.
 */
export function evenPositions(textLength: number, count: number, window: number): number[] {
  const first = window;
  const last = textLength - 2;
  if (last < first || count < 1) return [];
  const span = last - first + 1;
  const n = Math.min(count, span);
  return Array.from({ length: n }, (_, i) => first + Math.floor((i * span) / n));
}
