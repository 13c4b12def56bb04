/** Gradient connectivity in the gate explorer: one step's, and the memory-length curve of the explored text. */
import { type Check } from './validate';

/** The explorer's reach back: k = 0..window (the core's DEFAULT_WINDOW is 200); a longer one is refused. */
export const MAX_CONNECTIVITY_WINDOW = 10_000;

/** A Float32Array of 1..MAX_CONNECTIVITY_WINDOW + 1 entries (k = 0 first). */
export const isByDistance: Check<Float32Array> = (v): v is Float32Array => v instanceof Float32Array && v.length >= 1 && v.length <= MAX_CONNECTIVITY_WINDOW + 1;

/** Counts per distance, as long as a curve's means. */
export const isCounts: Check<Int32Array> = (v): v is Int32Array => v instanceof Int32Array && v.length >= 1 && v.length <= MAX_CONNECTIVITY_WINDOW + 1;
