/**
 * A model reading one version of a document: the seam every editor feature (hover, ghost text,
 * Generate, colouring, unit ranking) computes through. It keeps the recurrent state (H, and C
 * for the LSTM) before every `interval`-th token, so a question about step t costs at most
 * `interval` steps once the document has been read that far, and a new version of the document
 * keeps every checkpoint before its first changed token. Long walks are time-sliced and
 * cancellable. vscode-free.
 */
import { logSoftmax, softmax, topK } from '../../core/infer/distribution';
import type { TraceStep } from '../../core/infer/gateTrace';
import { InferState, cloneInferState } from '../../core/infer/inferState';
import type { StepModel } from '../../core/infer/stepModel';
import { TRACE_GATES } from '../../core/infer/stepper';
import type { UnitRef } from '../../core/infer/unitFeatures';
import type { DocumentTokens } from './documentTokens';
import { Cancellation, TimeSlice } from './timeSlice';

/** The closest checkpoints are kept; a long document spaces them out to bound memory. */
const MIN_INTERVAL = 32;
const MAX_CHECKPOINTS = 4096;
/** Unit value tracks kept per document (the colouring needs one). */
const MAX_TRACKS = 4;
/** Next-token candidates a step reports. */
const TOP_K = 5;

const trackKey = (u: UnitRef): string => `${u.layer}:${u.kind}:${u.unit}`;

/** The first index where two token sequences differ (the shorter length when one extends the other). */
function firstDifference(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

export class DocumentInference {
  /** Tokens between checkpoints. */
  readonly interval: number;
  /** checkpoints[i]: the state before token i · interval; contiguous from the zero state. */
  private readonly checkpoints: InferState[];
  /** A unit's colouring value after each token (NaN: not computed yet), by trackKey. */
  private readonly tracks = new Map<string, { readonly ref: UnitRef; readonly values: Float32Array }>();

  /** Reads `tokens`, reusing what `previous` (an earlier version of the same document, same model) computed. */
  constructor(
    readonly model: StepModel,
    readonly tokens: DocumentTokens,
    previous?: DocumentInference,
  ) {
    const n = tokens.ids.length;
    this.interval = Math.max(MIN_INTERVAL, Math.ceil(n / MAX_CHECKPOINTS));
    this.checkpoints = [model.zeroState()];
    if (previous?.model !== model) return;
    const same = firstDifference(previous.tokens.ids, tokens.ids);
    if (previous.interval === this.interval) {
      // The state before token i depends on tokens 0..i−1 only.
      this.checkpoints = previous.checkpoints.slice(0, Math.floor(same / this.interval) + 1);
    }
    for (const [key, { ref, values }] of previous.tracks) {
      const kept = new Float32Array(n).fill(NaN);
      kept.set(values.subarray(0, same));
      this.tracks.set(key, { ref, values: kept });
    }
  }

  /** Tokens in the document. */
  get length(): number {
    return this.tokens.ids.length;
  }

  /**
   * Steps through tokens [from, to) and returns the state after them (a copy the caller owns),
   * calling `onStep(t)` right after token t is read, while `model.gatesOf` holds its values.
   * Starts from the nearest checkpoint, saving new ones on the way. Undefined when cancelled.
   */
  async walk(from: number, to: number, cancel: Cancellation, onStep?: (t: number) => void): Promise<InferState | undefined> {
    const K = this.interval;
    const ids = this.tokens.ids;
    const start = Math.min(Math.floor(from / K), this.checkpoints.length - 1) * K;
    const state = cloneInferState(this.checkpoints[start / K]);
    const slice = new TimeSlice(cancel);
    for (let t = start; t < to; t++) {
      if (slice.due() && !(await slice.pause())) return undefined;
      if (t % K === 0 && t / K === this.checkpoints.length) this.checkpoints.push(cloneInferState(state));
      this.model.step(ids[t], state);
      this.record(t);
      if (t >= from) onStep?.(t);
    }
    if (cancel.isCancellationRequested) return undefined;
    if (to % K === 0 && to / K === this.checkpoints.length && to <= ids.length) this.checkpoints.push(cloneInferState(state));
    return state;
  }

  /** The state before token t (after tokens 0..t−1). */
  stateBefore(t: number, cancel: Cancellation): Promise<InferState | undefined> {
    return this.walk(t, t, cancel);
  }

  /**
   * What the model computed at step t: every layer's I, F, O, C̃, C, H after reading token t,
   * its surprisal −log p(token t | tokens before it) and the most probable next tokens.
   */
  async stepAt(t: number, cancel: Cancellation): Promise<TraceStep | undefined> {
    const state = await this.stateBefore(t, cancel);
    if (!state) return undefined;
    const token = this.tokens.ids[t];
    const surprisal = -logSoftmax(this.model.logits(state))[token];
    this.model.step(token, state);
    const names = TRACE_GATES[this.model.config.cell];
    const layers = Array.from({ length: this.model.config.numLayers }, (_, k) => {
      const g = this.model.gatesOf(k);
      return Object.fromEntries(names.map((name) => [name, Float32Array.from(g[name])]));
    });
    return { token, layers, surprisal, topK: topK(softmax(this.model.logits(state)), TOP_K) };
  }

  /**
   * A unit's colouring value after each token of [from, to): H itself, or tanh(C) for C (the
   * squashing H = O ⊙ tanh(C) applies), in [−1, 1]; computed where missing. Indexed by token.
   */
  async unitValues(ref: UnitRef, from: number, to: number, cancel: Cancellation): Promise<Float32Array | undefined> {
    const key = trackKey(ref);
    let track = this.tracks.get(key);
    if (!track) {
      if (this.tracks.size >= MAX_TRACKS) this.tracks.delete(this.tracks.keys().next().value as string);
      track = { ref, values: new Float32Array(this.length).fill(NaN) };
      this.tracks.set(key, track);
    }
    const { values } = track;
    let first = from;
    while (first < to && !Number.isNaN(values[first])) first++;
    let last = to;
    while (last > first && !Number.isNaN(values[last - 1])) last--;
    if (first < last && !(await this.walk(first, last, cancel))) return undefined;
    return values;
  }

  /** Forgets a unit's values (its colouring was cleared). */
  dropUnitValues(ref: UnitRef): void {
    this.tracks.delete(trackKey(ref));
  }

  /** Writes token t's value of every tracked unit; called right after the model reads it. */
  private record(t: number): void {
    for (const { ref, values } of this.tracks.values()) {
      const v = this.model.gatesOf(ref.layer)[ref.kind][ref.unit];
      values[t] = ref.kind === 'C' ? Math.tanh(v) : v;
    }
  }
}
