/**
 * Statistics of one gate's values over an explored span, [steps × units] time-major: each
 * unit's mean and variance, its correlation with a selection of steps, the orders the explorer
 * sorts units by, and Karpathy et al.'s (2015) gate saturation. DOM-free.
 */

/** How the explorer orders units (rows of every heatmap). */
export type UnitSort = 'index' | 'mean' | 'variance' | 'correlation';
export const UNIT_SORTS: readonly UnitSort[] = ['index', 'mean', 'variance', 'correlation'];

/** A half-open range of steps. */
export interface StepRange {
  readonly start: number;
  readonly end: number;
}

/** Each unit's mean and variance over the steps. */
export function unitMoments(values: Float32Array, steps: number, units: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(units);
  const sq = new Float64Array(units);
  for (let t = 0; t < steps; t++) {
    const row = t * units;
    for (let j = 0; j < units; j++) {
      const v = values[row + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const variance = new Float64Array(units);
  for (let j = 0; j < units; j++) {
    mean[j] /= Math.max(steps, 1);
    variance[j] = Math.max(0, sq[j] / Math.max(steps, 1) - mean[j] * mean[j]);
  }
  return { mean, variance };
}

/**
 * Pearson's r of each unit's values with the indicator of `selected` (1 inside, 0 outside):
 * how much a unit is "on" exactly for the selected characters. 0 where either is constant.
 */
export function selectionCorrelation(values: Float32Array, steps: number, units: number, selected: StepRange): Float64Array {
  const { mean, variance } = unitMoments(values, steps, units);
  const inside = Math.max(0, Math.min(selected.end, steps) - Math.max(selected.start, 0));
  const p = inside / Math.max(steps, 1);
  const r = new Float64Array(units);
  if (p === 0 || p === 1) return r;
  for (let j = 0; j < units; j++) {
    let sumIn = 0;
    for (let t = Math.max(selected.start, 0); t < Math.min(selected.end, steps); t++) sumIn += values[t * units + j];
    // cov(x, 1_S) = E[x · 1_S] − E[x] · p; sd(1_S) = √(p(1 − p))
    const cov = sumIn / steps - mean[j] * p;
    const sd = Math.sqrt(variance[j] * p * (1 - p));
    r[j] = sd > 1e-12 ? cov / sd : 0;
  }
  return r;
}

/** The unit indices in display order: by index, or by the statistic, largest first (|r| for correlation). */
export function unitOrder(values: Float32Array, steps: number, units: number, by: UnitSort, selected: StepRange): Int32Array {
  const order = Int32Array.from({ length: units }, (_, j) => j);
  if (by === 'index') return order;
  const key =
    by === 'correlation' ? selectionCorrelation(values, steps, units, selected).map(Math.abs) : by === 'mean' ? unitMoments(values, steps, units).mean : unitMoments(values, steps, units).variance;
  return order.sort((a, b) => key[b] - key[a] || a - b);
}

/** The fraction of a gate's values below 0.1 (left saturated) and above 0.9 (right saturated). */
export function saturation(values: Float32Array): { low: number; high: number } {
  let low = 0;
  let high = 0;
  for (const v of values) {
    if (v < 0.1) low++;
    else if (v > 0.9) high++;
  }
  const n = Math.max(values.length, 1);
  return { low: low / n, high: high / n };
}
