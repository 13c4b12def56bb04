/**
 * The explorer's marks of d2l's words: for one unit, the steps where a gate is near 0 (or 1)
 * and the cell therefore forgets its memory, ignores its input, or keeps its memory out of H
 * (the readings each cell kind declares in its CellInfo).
 */
import type { GateReading, GateReadingKind } from '../model/cells/cellInfo';

export type ReadingThresholds = Readonly<Record<GateReadingKind, number>>;

export const READING_KINDS: readonly GateReadingKind[] = ['forgets', 'ignoresInput', 'hidesMemory'];

/** d2l's examples read a gate as "near 0" below 0.1. */
export const DEFAULT_READING_THRESHOLD = 0.1;

/**
 * Whether `reading` holds at each step for `unit`: `gate` holds the gate's values, time-major
 * [steps × units]; τ is the reading's threshold (gate < τ, or gate > 1 − τ for a `high` one).
 */
export function readingSteps(gate: Float32Array, steps: number, units: number, unit: number, reading: GateReading, threshold: number): Uint8Array {
  if (!Number.isInteger(unit) || unit < 0 || unit >= units) throw new RangeError(`unit ${unit} is not one of the ${units} units`);
  if (gate.length < steps * units) throw new RangeError(`the gate holds ${gate.length} values, fewer than ${steps} steps × ${units} units`);
  const out = new Uint8Array(steps);
  const high = 1 - threshold;
  for (let t = 0; t < steps; t++) {
    const v = gate[t * units + unit];
    out[t] = (reading.when === 'low' ? v < threshold : v > high) ? 1 : 0;
  }
  return out;
}
