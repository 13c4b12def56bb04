/**
 * LSTMVis's select view (Strobelt et al. 2017): a selected span [a, b) and a threshold τ
 * propose the units that are on (H ≥ τ) at every step of the span and off (H < τ) at a − 1, the
 * step just before it, so a unit that was already on before the span (one tracking something
 * older) is not taken for the span's pattern. A span starting at step 0 has no step before it:
 * there the units on over the span are proposed.
 */
import { checkPatternLength, checkThreshold } from './patternChecks';

/** Steps [start, end) of a text (end exclusive, as String.prototype.slice counts). */
export interface StepSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The units proposed for `span` of `states` (per step, the top layer's H: a trace's
 * `steps[t].layers[L − 1].H`), ascending. Throws, naming the problem, for a span too short for a
 * pattern, a span outside the states, or a threshold outside (−1, 1).
 */
export function proposeUnits(states: readonly ArrayLike<number>[], span: StepSpan, threshold: number): number[] {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > states.length || start > end) {
    throw new Error(`The span [${String(start)}, ${String(end)}) is outside the text's ${states.length} steps`);
  }
  checkPatternLength(end - start);
  checkThreshold(threshold);
  const hiddenSize = states[start].length;
  const units: number[] = [];
  for (let u = 0; u < hiddenSize; u++) {
    if (start > 0 && states[start - 1][u] >= threshold) continue;
    let on = true;
    for (let t = start; t < end && on; t++) on = states[t][u] >= threshold;
    if (on) units.push(u);
  }
  return units;
}
