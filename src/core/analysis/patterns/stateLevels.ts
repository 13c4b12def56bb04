/**
 * Hidden states as bytes. Every cell's H lies in [−1, 1] (the LSTM's H = O ⊙ tanh(C), the GRU's
 * H = Z ⊙ H + (1 − Z) ⊙ H̃ mixes tanh values and the zero start, the RNN's H = tanh(...)), so one
 * fixed scale serves every model and every unit: level q ∈ 0..255 stands for q / 127.5 − 1, a step
 * of 2/255 ≈ 0.0078, well below what a heatmap or a threshold drag tells apart. A byte a value
 * keeps a 2,000,000-step corpus at hidden 256 in 512 MB (488 MiB), a quarter of float32.
 */

/** Levels per unit of H: 255 / 2. */
const LEVELS_PER_UNIT = 127.5;

/** The H between two levels, 2/255. */
export const LEVEL_STEP = 1 / LEVELS_PER_UNIT;

/** The largest error of a stored value: half a level. */
export const LEVEL_HALF_STEP = LEVEL_STEP / 2;

/**
 * Writes H values into a byte array: a Uint8ClampedArray rounds (half to even) and clamps on
 * assignment, so the store is the plain `(h + 1) · 127.5`.
 */
export function writeLevels(out: Uint8ClampedArray, at: number, values: ArrayLike<number>, from: number, stride: number, count: number): void {
  for (let i = 0; i < count; i++) out[at + i] = (values[from + i * stride] + 1) * LEVELS_PER_UNIT;
}

/** The H value a level stands for. */
export function levelValue(level: number): number {
  return level / LEVELS_PER_UNIT - 1;
}

/**
 * The level from which a unit counts as on at `threshold`: the threshold's own level, rounded as
 * the values are. Rounding keeps order, so every H ≥ τ is on in the store (the span a pattern
 * was selected on is found again), and a level that is on stands for an H at most a level below τ
 * (the threshold's and the value's roundings, half a level each).
 */
export function onLevel(threshold: number): number {
  const level = new Uint8ClampedArray(1);
  writeLevels(level, 0, [threshold], 0, 1, 1);
  return level[0];
}
