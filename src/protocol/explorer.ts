/** The gate explorer's trace of one span: every gate of every layer at every step. */
import { CELL_KINDS, type CellKind } from '../core/model/config';
import { READING_KINDS, type ReadingThresholds } from '../core/infer/gateReadings';
import { arrayOf, isInt, isNum, isObj, isStr, oneOf, own, type Check } from './validate';

/** How many next-token candidates an explorer trace carries per step. */
export const EXPLORER_TOP_K = 5;

/** The engines that trace a span: WebGPU, the fused WebAssembly tracer, the TypeScript stepper. */
export const TRACE_ENGINES = ['webgpu', 'fused-wasm', 'typescript'] as const;
export type TraceEngine = (typeof TRACE_ENGINES)[number];

/**
 * Everything the gate explorer shows for one explored span: every gate of every layer at every
 * step, as float32 buffers (they travel as transferable typed arrays, not JSON numbers).
 */
export interface ExplorerTrace {
  readonly id: string;
  readonly modelName: string;
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** The names of `values`' gates, TRACE_GATES[cell]: I, F, O, C_tilde, C, H for the LSTM. */
  readonly gates: readonly string[];
  /** The document the span is in, and each step's token as the model read it. */
  readonly uri: string;
  readonly tokens: readonly string[];
  /** Document offsets where each step's text starts, and just past where it ends. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** values[layer][gate]: [steps × hiddenSize], time-major (unit j at step t is [t · h + j]). */
  readonly values: readonly (readonly Float32Array[])[];
  /** The state before the first step, [numLayers × hiddenSize]: H_0, and C_0 for the LSTM. */
  readonly startH: Float32Array;
  readonly startC?: Float32Array;
  /** −log p(token t | everything before it) in nats, [steps]. */
  readonly surprisal: Float32Array;
  /** The EXPLORER_TOP_K most probable next tokens after each step, [steps × k], as text and probability. */
  readonly topKTokens: readonly string[];
  readonly topKProbs: Float32Array;
  /** Which engine traced it and how long it took. */
  readonly engine: TraceEngine;
  readonly traceMs: number;
}

/** Steps and units a trace may have; the explorer traces spans far shorter, models far narrower. */
const MAX_STEPS = 1 << 20;
const MAX_GATES = 16;
const MAX_LAYERS = 64;

const isStrings = arrayOf(isStr, MAX_STEPS * EXPLORER_TOP_K);
const isCell = oneOf(CELL_KINDS);
const isTraceEngine = oneOf(TRACE_ENGINES);

/** The trace's sizes agree: every buffer is as long as its steps, layers, gates and units say. */
export const isExplorerTrace: Check<ExplorerTrace> = (v): v is ExplorerTrace => {
  if (!isObj(v)) return false;
  const f = (k: string) => own(v, k);
  if (![f('id'), f('modelName'), f('uri')].every(isStr) || !isTraceEngine(f('engine')) || !isNum(f('traceMs')) || !isCell(f('cell'))) return false;
  const hiddenSize = f('hiddenSize');
  const numLayers = f('numLayers');
  const gates = f('gates');
  const tokens = f('tokens');
  const values = f('values');
  if (!isInt(hiddenSize) || !isInt(numLayers) || numLayers > MAX_LAYERS) return false;
  if (!arrayOf(isStr, MAX_GATES)(gates) || !arrayOf(isStr, MAX_STEPS)(tokens)) return false;
  const steps = tokens.length;
  const floats = (n: number) => (a: unknown): a is Float32Array => a instanceof Float32Array && a.length === n;
  const ints = (a: unknown) => a instanceof Int32Array && a.length === steps;
  const topKTokens = f('topKTokens');
  const isLayer = arrayOf(floats(steps * hiddenSize), gates.length);
  return (
    ints(f('starts')) &&
    ints(f('ends')) &&
    floats(numLayers * hiddenSize)(f('startH')) &&
    (f('startC') === undefined || floats(numLayers * hiddenSize)(f('startC'))) &&
    floats(steps)(f('surprisal')) &&
    floats(steps * EXPLORER_TOP_K)(f('topKProbs')) &&
    isStrings(topKTokens) &&
    topKTokens.length === steps * EXPLORER_TOP_K &&
    arrayOf(isLayer, numLayers)(values) &&
    values.length === numLayers &&
    values.every((layer) => layer.length === gates.length)
  );
};

/** The thresholds of d2l's readings (each in [0, 0.5]: a gate cannot be both below τ and above 1 − τ). */
export const isReadingThresholds: Check<ReadingThresholds> = (v): v is ReadingThresholds =>
  isObj(v) && READING_KINDS.every((k) => {
    const t = own(v, k);
    return isNum(t) && t >= 0 && t <= 0.5;
  });
