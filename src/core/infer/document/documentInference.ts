/**
 * A model reading one version of a document: the seam every editor feature (hover, ghost text,
 * Generate, colouring, unit ranking) computes through. It keeps the recurrent state (H, and C
 * for the LSTM) before every `interval`-th token, so a question about step t costs at most
 * `interval` steps once the document has been read that far. A new version of the document
 * keeps every checkpoint before its first changed token, and reads on from there only until its
 * state meets an earlier version's (StateDonor), whose later checkpoints and unit values it then
 * takes over. Walks read runs of tokens in one call (StepModel.readSegments); where checkpoints
 * already bound the intervals of a walk, those intervals are independent and are read side by
 * side. Long walks are time-sliced and cancellable.
 *
 * Typing costs the same in any document: a new version starts from the state nearest before its
 * edit (a checkpoint or a near state), keeps near states from there to an interval past the edit,
 * and meets the earlier version at the first of its checkpoints or near states where the states
 * agree; the unit values past that point are copied from it in one piece. Nothing per keystroke
 * walks the token arrays: where they differ comes from the tokenizer's TokenEdit. vscode-free. */
import { logSoftmax, softmax, topK } from '../distribution';
import type { TraceStep } from '../gateTrace';
import { InferState, cloneInferState } from '../inferState';
import type { GateValues, Segment, StepModel, StepRun } from '../stepModel';
import { readSegments } from '../steppedRun';
import { TRACE_GATES } from '../stepper';
import type { UnitRef } from '../unitFeatures';
import type { DocumentTokens, TokenEdit } from '../../text/documentTokens';
import { type Checkpoint, MAX_DONORS, StateDonor, sameState } from './stateDonor';
import { Cancellation, Pace, TimeSlice } from './timeSlice';
import { UnitTrack } from './unitTrack';

/** The closest checkpoints are kept; a long document spaces them out to bound memory. */
const MIN_INTERVAL = 32;
/**
 * Checkpoints per version at most: 16,384 keeps them 117 tokens apart on a 2,000,000-character
 * file (a hover walks at most that far), within CHECKPOINT_BYTES for the d2l model (4 KiB a state).
 */
export const MAX_CHECKPOINTS = 16_384;
/** The checkpoints' states take this many bytes at most: a wide, deep model spaces them out sooner. */
const CHECKPOINT_BYTES = 64 * 2 ** 20;
/**
 * Where checkpoints are spaced out, the states every MIN_INTERVAL tokens that the latest walks
 * passed (and the colouring of the lines on screen) are kept too, up to this many bytes (and
 * MAX_NEAR states), the oldest going first: a hover near an earlier one (on the same screen), or
 * a keystroke there, reads a few tokens, not an interval.
 */
const NEAR_BYTES = 8 * 2 ** 20;
const MAX_NEAR = 2048;
/** Unit value tracks kept per document (the colouring needs one). */
const MAX_TRACKS = 4;
/** Next-token candidates a step reports. */
const TOP_K = 5;
/** Checkpoint intervals read side by side at most. */
const MAX_SEGMENTS = 64;
/** Batched products take rows four at a time (the fused kernels' register tile): batches of 4n waste none. */
const SEGMENT_GROUP = 4;

/** What a walk tells its caller after each token t: every layer's values then (views, for the call only). */
export type StepVisitor = (t: number, gatesOf: (layer: number) => GateValues) => void;

/** A segment of the document: its tokens from index `first` on. */
type DocumentSegment = Segment & { readonly first: number };

/** What a read ended with: the state at its end, nothing (cancelled), or a donor's read taken over on the way. */
const ADOPTED = Symbol('adopted');
type ReadEnd = InferState | undefined | typeof ADOPTED;

const trackKey = (u: UnitRef): string => `${u.layer}:${u.kind}:${u.unit}`;

/** The index of the last checkpoint at or before t. */
function lastAtOrBefore(checkpoints: readonly Checkpoint[], t: number): number {
  let lo = 0;
  let hi = checkpoints.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (checkpoints[mid].at <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class DocumentInference {
  /** Tokens between the checkpoints this version saves. */
  readonly interval: number;
  /**
   * The state before token `at`, by `at`: from 0 (the zero state) on, contiguous (every token
   * up to the last one has been read), at most `interval` apart where this version read them,
   * as an earlier version spaced them where they were taken over from it.
   */
  private checkpoints: Checkpoint[];
  /** Earlier versions' reads past the last edit, until this version's state meets one of them. */
  private donors: StateDonor[] = [];
  /** States every MIN_INTERVAL tokens past a checkpoint, between the checkpoints (and just past an edit), by position, oldest first (NEAR_BYTES). */
  private readonly near = new Map<number, InferState>();
  private readonly maxNear: number;
  /**
   * Past the last checkpoint, near states are kept up to here too: an interval past this
   * version's edit, where the next keystroke's read looks for a state to start from and one to
   * meet (0: none, a version read from scratch).
   */
  private readonly nearUntil: number = 0;
  /** A unit's colouring value after each token (NaN: not computed yet), by trackKey. */
  private readonly tracks = new Map<string, { readonly ref: UnitRef; readonly values: UnitTrack }>();

  /**
   * Reads `tokens`, reusing what `previous` (an earlier version of the same document, same model)
   * computed. `edit`: what the tokenizer knows the two versions share (documentTokens'
   * TokenEdit for these tokens made from previous's); without it, the token arrays are compared.
   */
  constructor(
    readonly model: StepModel,
    readonly tokens: DocumentTokens,
    previous?: DocumentInference,
    edit?: TokenEdit,
  ) {
    const n = tokens.ids.length;
    const zero = model.zeroState();
    const stateBytes = zero.h.byteLength + (zero.c?.byteLength ?? 0);
    this.interval = Math.max(MIN_INTERVAL, Math.ceil(n / MAX_CHECKPOINTS), Math.ceil((n * stateBytes) / CHECKPOINT_BYTES));
    this.maxNear = this.interval > MIN_INTERVAL ? Math.min(MAX_NEAR, Math.floor(NEAR_BYTES / stateBytes)) : 0;
    this.checkpoints = [{ at: 0, state: zero }];
    if (previous?.model !== model) return;
    const old = previous.tokens.ids;
    const same = old.firstDifference(tokens.ids, edit?.kept);
    // The state before token i depends on tokens 0..i−1 only.
    this.checkpoints = previous.checkpoints.slice(0, lastAtOrBefore(previous.checkpoints, same) + 1);
    for (const [at, state] of previous.near) if (at <= same && this.near.size < this.maxNear) this.near.set(at, state);
    for (const [key, { ref, values }] of previous.tracks) this.tracks.set(key, { ref, values: values.derived(same, n) });
    // The text after the edit is the earlier version's: offer what it read there (its
    // checkpoints, and its near states an interval past the edit), and what the versions before
    // it read, both before and after this edit.
    const shift = n - old.length;
    const from = n - old.commonSuffix(tokens.ids, same, edit?.keptAtEnd);
    this.nearUntil = this.maxNear > 0 ? from + this.interval : 0;
    const tracks = new Map([...previous.tracks].map(([key, t]) => [key, t.values]));
    const nearAfter = [...previous.near]
      .filter(([at]) => at + shift >= from && at + shift <= from + previous.interval)
      .map(([at, state]) => ({ at, state }))
      .sort((a, b) => a.at - b.at);
    const own = StateDonor.of(from, Infinity, shift, previous.checkpoints, tracks, nearAfter);
    const rebased = previous.donors.flatMap((d) => d.rebase(same, from, shift));
    // Pieces that reach the end of the text first (they can bring the most), none behind what is read.
    const useful = (own ? [own, ...rebased] : rebased).filter((d) => d.nextAfter(this.checkpointed) < Infinity);
    this.donors = [...useful.filter((d) => d.until === Infinity), ...useful.filter((d) => d.until !== Infinity)].slice(0, MAX_DONORS);
  }

  /** Tokens read so far from the start without a gap: the last checkpoint's position. */
  get checkpointed(): number {
    return this.checkpoints[this.checkpoints.length - 1].at;
  }

  /** Tokens in the document. */
  get length(): number {
    return this.tokens.ids.length;
  }

  /**
   * Reads tokens [from, to) and returns the state after them (a copy the caller owns), calling
   * `onStep` right after each token t ≥ from is read. Starts from the nearest checkpoint: where
   * the checkpoints ahead exist, reads whole intervals side by side from them; past the last
   * one, reads on from it, saving new ones. Undefined when cancelled.
   */
  async walk(from: number, to: number, cancel: Cancellation, onStep?: StepVisitor): Promise<InferState | undefined> {
    const end = await this.read(from, to, cancel, false, onStep);
    return end === ADOPTED ? undefined : end;
  }

  /**
   * walk(), which may also stop where it takes over a donor's read (`stopWhenAdopted`: the
   * caller wants the values the donor brought, and will ask again for what is still missing).
   */
  private async read(from: number, end: number, cancel: Cancellation, stopWhenAdopted: boolean, onStep?: StepVisitor, keepNear = false): Promise<ReadEnd> {
    const K = this.interval;
    const ids = this.tokens.ids;
    const to = Math.min(end, ids.length);
    const slice = new TimeSlice(cancel);
    const pace = new Pace(K);
    let c = lastAtOrBefore(this.checkpoints, from);
    let t = this.checkpoints[c].at;
    let state = cloneInferState(this.checkpoints[c].state);
    const near = this.nearAtOrBefore(from, t);
    if (near !== undefined) [t, state] = [near, cloneInferState(this.near.get(near) as InferState)];
    while (t < to) {
      if (cancel.isCancellationRequested || (slice.due() && !(await slice.pause()))) return undefined;
      const budget = pace.items();
      const last = this.checkpoints.length - 1;
      // (a walk that ends inside this interval, in a document whose checkpoints are spaced out, is read below: it keeps near states)
      if (t === this.checkpoints[c].at && c < last && budget >= K && (keepNear || !(this.maxNear > 0 && this.checkpoints[c + 1].at >= to))) {
        // intervals c, c+1, … each from its own checkpoint, the last one ending at `to` at most
        const fit = onStep ? Math.min(Math.floor(budget / K), MAX_SEGMENTS) : MAX_SEGMENTS;
        let count = Math.min(fit < SEGMENT_GROUP ? fit : fit - (fit % SEGMENT_GROUP), last - c);
        while (count > 1 && this.checkpoints[c + count - 1].at >= to) count--;
        const segments = Array.from({ length: count }, (_, s) => {
          const first = this.checkpoints[c + s].at;
          return { first, end: Math.min(this.checkpoints[c + s + 1].at, to), state: cloneInferState(this.checkpoints[c + s].state) };
        });
        if (onStep) {
          // whole intervals in one read, so that steps are told in order
          this.readSegments(pace, segments.map((g) => ({ ...g, tokens: ids.range(g.first, g.end) })), from, cancel, onStep);
        } else if (!(await this.readInStep(pace, slice, segments, from, cancel, keepNear))) {
          return undefined;
        }
        state = segments[count - 1].state;
        c += count;
        t = Math.min(this.checkpoints[c].at, to);
      } else {
        const base = this.checkpoints[c].at;
        const inside = c < last ? this.checkpoints[c + 1].at : base + K;
        // between two checkpoints (or past the last one near the edit), stop every MIN_INTERVAL tokens past the checkpoint to keep the state there
        const between = this.maxNear > 0 && (c < last || t < this.nearUntil);
        const stop = Math.min(to, inside, t + budget, this.nextDonorAfter(t), between ? t + MIN_INTERVAL - ((t - base) % MIN_INTERVAL) : Infinity);
        this.readSegments(pace, [{ first: t, tokens: ids.range(t, stop), state }], from, cancel, onStep);
        t = stop;
        if (between && (t - base) % MIN_INTERVAL === 0 && t < inside) this.keepNear(t, state);
        if (c === last && this.adopt(t, state)) {
          if (stopWhenAdopted) return ADOPTED;
          c = lastAtOrBefore(this.checkpoints, t); // the checkpoint at t, this read's own state, or the one before it
        } else if (c === last && t === this.checkpoints[c].at + K && t <= ids.length) {
          this.checkpoints.push({ at: t, state: cloneInferState(state) });
          c++;
        } else if (c < last && t === this.checkpoints[c + 1].at) {
          c++;
        }
      }
      if (t < from) {
        // nothing is told before `from`: go on from the checkpoint nearest it
        const near = lastAtOrBefore(this.checkpoints, from);
        if (this.checkpoints[near].at > t) {
          c = near;
          t = this.checkpoints[c].at;
          state = cloneInferState(this.checkpoints[c].state);
        }
      }
    }
    if (cancel.isCancellationRequested) return undefined;
    return state;
  }

  /**
   * Reads [from, to) one interval after another, keeping the states every MIN_INTERVAL tokens
   * where the checkpoints are spaced out, so that a hover there later reads a few tokens, not an
   * interval (the lines around a hover: a reader hovers on the screen they read).
   */
  async keepNearStates(from: number, to: number, cancel: Cancellation): Promise<void> {
    if (this.maxNear > 0) await this.read(from, Math.min(to, this.checkpointed), cancel, false, undefined, true);
  }

  /** The position of the latest near state in (after, t], if any. */
  private nearAtOrBefore(t: number, after: number): number | undefined {
    let best: number | undefined;
    for (const at of this.near.keys()) if (at > after && at <= t && (best === undefined || at > best)) best = at;
    return best;
  }

  /** Keeps a copy of the state before token t, as the newest near state. */
  private keepNear(t: number, state: InferState): void {
    this.near.delete(t);
    this.near.set(t, cloneInferState(state));
    if (this.near.size > this.maxNear) this.near.delete(this.near.keys().next().value as number);
  }

  /** Where the next donor checkpoint after t is (Infinity: none). */
  private nextDonorAfter(t: number): number {
    return this.donors.reduce((next, d) => Math.min(next, d.nextAfter(t)), Infinity);
  }

  /**
   * At the end of what has been read (t, with `state` there): when a donor kept a state there
   * that `state` meets, takes over its later checkpoints and unit values. True when it did.
   * The state at t becomes a checkpoint where the donor has one there, where nothing follows,
   * or where the checkpoints around it would otherwise be more than an interval apart; else
   * (met at a near state) a near state, so that keystrokes do not pile up checkpoints. The
   * donor's near states an interval past t are kept as this version's.
   */
  private adopt(t: number, state: InferState): boolean {
    const donor = this.donors.find((d) => {
      const there = d.at(t);
      return there !== undefined && sameState(state, there.state);
    });
    if (donor) {
      const later = donor.after(t);
      if (donor.hasCheckpointAt(t) || later.length === 0 || later[0].at - this.checkpointed > this.interval) this.checkpoints.push({ at: t, state: cloneInferState(state) });
      else if (this.maxNear > 0) this.keepNear(t, state);
      // the donor's near states just past t are this version's too: the next keystroke meets there
      if (this.maxNear > 0) for (const k of donor.nearBetween(t, t + this.interval)) this.keepNear(k.at, k.state);
      this.checkpoints.push(...later);
      for (const [key, { values }] of this.tracks) donor.fill(key, values, t);
    }
    const end = this.checkpointed;
    this.donors = this.donors.filter((d) => d !== donor && d.nextAfter(end) < Infinity);
    return donor !== undefined;
  }

  /**
   * Reads intervals side by side a few tokens of each at a time, so that every read is as wide
   * as the intervals are many (the batched product is fastest wide) and still fits a slice;
   * advances each interval's state to its end. With `keepNear`, in a document whose checkpoints
   * are spaced out, keeps each interval's state every MIN_INTERVAL tokens as a near state (the
   * lines the colouring shows: where a reader hovers and types next). False when cancelled.
   */
  private async readInStep(pace: Pace, slice: TimeSlice, intervals: readonly { first: number; end: number; state: InferState }[], from: number, cancel: Cancellation, keepNear = false): Promise<boolean> {
    const ids = this.tokens.ids;
    const keep = keepNear && this.maxNear > 0;
    const longest = intervals.reduce((n, g) => Math.max(n, g.end - g.first), 0);
    for (let done = 0; done < longest; ) {
      if (cancel.isCancellationRequested || (slice.due() && !(await slice.pause()))) return false;
      const paced = Math.max(1, Math.floor(pace.items() / intervals.length));
      const steps = keep ? Math.min(paced, MIN_INTERVAL - (done % MIN_INTERVAL)) : paced;
      const chunk = intervals
        .filter((g) => g.first + done < g.end)
        .map((g) => ({ first: g.first + done, tokens: ids.range(g.first + done, Math.min(g.end, g.first + done + steps)), state: g.state }));
      this.readSegments(pace, chunk, from, cancel);
      done += steps;
      if (keep && done % MIN_INTERVAL === 0 && !cancel.isCancellationRequested) for (const g of intervals) if (g.first + done < g.end) this.keepNear(g.first + done, g.state);
    }
    return !cancel.isCancellationRequested;
  }

  /** Reads segments of the document, recording tracked units and telling `onStep` token by token, in order. */
  private readSegments(pace: Pace, segments: readonly DocumentSegment[], from: number, cancel: Cancellation, onStep?: StepVisitor): void {
    const count = segments.reduce((n, s) => n + s.tokens.length, 0);
    const runs = pace.time(count, () => readSegments(this.model, segments));
    for (const [s, run] of runs.entries()) {
      const { first, tokens } = segments[s];
      for (let i = 0; i < tokens.length; i++) {
        if (cancel.isCancellationRequested) return; // no step is told after a cancel
        const t = first + i;
        this.record(run, i, t);
        if (t >= from) onStep?.(t, (layer) => run.gatesAt(i, layer));
      }
    }
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
    const token = this.tokens.ids.at(t);
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
   * `keepNear`: the range is on screen; in a long document, the states every MIN_INTERVAL tokens
   * of what is read are kept, so that a keystroke or a hover there starts a few tokens before it.
   */
  async unitValues(ref: UnitRef, from: number, to: number, cancel: Cancellation, keepNear = false): Promise<UnitTrack | undefined> {
    const key = trackKey(ref);
    let track = this.tracks.get(key);
    if (!track) {
      if (this.tracks.size >= MAX_TRACKS) this.tracks.delete(this.tracks.keys().next().value as string);
      track = { ref, values: UnitTrack.empty(this.length) };
      this.tracks.set(key, track);
    }
    const { values } = track;
    for (;;) {
      let first = from;
      while (first < to && !Number.isNaN(values.at(first))) first++;
      let last = to;
      while (last > first && !Number.isNaN(values.at(last - 1))) last--;
      if (first >= last) return values;
      const end = await this.read(first, last, cancel, true, undefined, keepNear);
      if (end === undefined) return undefined;
      if (end !== ADOPTED) return values;
      // a donor's read was taken over on the way: its values may fill the rest
    }
  }

  /** Forgets a unit's values (its colouring was cleared). */
  dropUnitValues(ref: UnitRef): void {
    this.tracks.delete(trackKey(ref));
  }

  /** Writes token t's value of every tracked unit, the i-th of `run`. */
  private record(run: StepRun, i: number, t: number): void {
    for (const { ref, values } of this.tracks.values()) {
      const v = run.value(i, ref.layer, ref.kind, ref.unit);
      values.set(t, ref.kind === 'C' ? Math.tanh(v) : v);
    }
  }
}
