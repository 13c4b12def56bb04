/**
 * Every numeric `lstmLens.*` setting with its default and the bounds its schema in package.json
 * declares. The schema only warns in the Settings editor; a workspace's settings.json can hold
 * any number, so the code applies these bounds itself (a test checks they equal the manifest's).
 * No vscode import: the unit tests read this table in Node.
 */
import { DEFAULT_MAX_PARAMETERS } from '../core/io/modelLimits';

export interface NumberBounds {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The schema's type is `integer`: a fraction is rounded down. */
  readonly integer: boolean;
}

const n = (def: number, min: number, max: number, integer = false): NumberBounds => ({ default: def, min, max, integer });

/** Keys below `lstmLens.`. lr and clipTheta are checked by the preset (positive) and have no schema bounds. */
export const NUMERIC_SETTINGS = {
  'worker.startTimeoutMs': n(20_000, 1, 600_000),
  'debug.failEngineAfterBatches': n(0, 0, 1_000_000_000, true),
  'train.maxCorpusChars': n(2_000_000, 1000, 50_000_000),
  'train.checkpointEverySeconds': n(5, 1, 3600),
  'train.maxVocab': n(128, 2, 65_536),
  'model.maxParameters': n(DEFAULT_MAX_PARAMETERS, 1, 1_000_000_000),
  'model.hiddenSize': n(64, 1, 4096),
  'model.numLayers': n(1, 1, 16),
  'train.numSteps': n(16, 1, 1000),
  'train.batchSize': n(8, 1, 4096),
  'train.lr': n(1, -Infinity, Infinity),
  'train.clipTheta': n(1, -Infinity, Infinity),
  'train.epochs': n(20, 1, 100_000),
  'completions.length': n(40, 1, 500, true),
  'completions.temperature': n(0, 0, 10),
  'completions.maxFileChars': n(100_000, 0, 50_000_000, true),
  'units.maxChars': n(20_000, 100, 1_000_000, true), // the ranking keeps six features per character read
  'explorer.maxChars': n(2000, 10, 20_000, true),
  'patterns.maxChars': n(2_000_000, 1000, 50_000_000, true), // the states take a byte a unit a character read
  'explorer.readings.forgets': n(0.1, 0, 0.5),
  'explorer.readings.ignoresInput': n(0.1, 0, 0.5),
  'explorer.readings.hidesMemory': n(0.1, 0, 0.5),
} as const satisfies Record<string, NumberBounds>;

export type NumericSetting = keyof typeof NUMERIC_SETTINGS;

/** `raw` within the setting's bounds: its default when it is not a finite number, else clamped (and floored for an integer). */
export function boundedValue(key: NumericSetting, raw: unknown): number {
  const b: NumberBounds = NUMERIC_SETTINGS[key];
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return b.default;
  const v = Math.min(b.max, Math.max(b.min, raw));
  return b.integer ? Math.floor(v) : v;
}

/** Whether `raw` is a value the schema allows, for settings whose bad value is an error to report rather than to clamp. */
export function inBounds(key: NumericSetting, raw: unknown): raw is number {
  const b: NumberBounds = NUMERIC_SETTINGS[key];
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= b.min && raw <= b.max && (!b.integer || Number.isInteger(raw));
}
