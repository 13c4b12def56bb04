/** The checks a pattern's threshold, span and units pass before anything is read or allocated. */

/** The shortest span that is a pattern: a single step says nothing about units staying on. */
export const MIN_PATTERN_STEPS = 2;

/** H lies in [−1, 1]: a threshold outside (−1, 1) has every unit on, or none. */
export function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold <= -1 || threshold >= 1) {
    throw new Error(`The pattern threshold must be a number between −1 and 1 (H lies in [−1, 1]), got ${String(threshold)}`);
  }
}

/** A pattern's length in steps: at least MIN_PATTERN_STEPS. */
export function checkPatternLength(length: number): void {
  if (!Number.isInteger(length)) throw new Error(`The pattern length must be a whole number of steps, got ${String(length)}`);
  if (length < MIN_PATTERN_STEPS) {
    throw new Error(`The span is ${length} step${length === 1 ? '' : 's'} long, too short for a pattern: select at least ${MIN_PATTERN_STEPS} characters`);
  }
}

/** Units of a hidden layer of `hiddenSize`: whole, in range, each once, at least one. */
export function checkUnits(units: readonly number[], hiddenSize: number): void {
  if (units.length === 0) throw new Error('The pattern has no units: add at least one unit to search for');
  const seen = new Set<number>();
  for (const u of units) {
    if (!Number.isInteger(u) || u < 0 || u >= hiddenSize) throw new Error(`Unit ${String(u)} is outside the hidden layer's units 0..${hiddenSize - 1}`);
    if (seen.has(u)) throw new Error(`Unit ${u} is in the pattern twice`);
    seen.add(u);
  }
}
