/**
 * The gate explorer's connectivity for the trace it shows: a slice of the document from 200
 * tokens before the span to the token after it, read once, then each step the panel asks for
 * costs one backward pass; and the span's memory-length curve, sent once. vscode-free.
 */
import type { HostToPanel } from '../../protocol/messages';
import type { ConnectivityEngine } from '../editor/connectivityEngine';
import { SliceConnectivity } from '../editor/documentConnectivity';
import type { DocumentEntry } from '../editor/inferenceCache';
import type { Cancellation } from '../../core/infer/document/timeSlice';
import { errorText } from '../../core/util/errorText';

/** Steps the explorer's memory-length curve averages over (all of a short span's): enough for a smooth curve in well under a second at hidden 256. */
export const CURVE_POSITIONS = 200;

/** Where a trace sits in its document: the entry that traced it and the document token index of its first step. */
export interface TraceSource {
  readonly entry: DocumentEntry;
  readonly firstToken: number;
  readonly steps: number;
}

export class TraceConnectivity {
  private constructor(
    readonly traceId: string,
    private readonly slice: SliceConnectivity | undefined,
    private readonly firstToken: number,
    /** Why there is no connectivity, when there is none. */
    private readonly reason: string,
  ) {}

  /** Undefined when cancelled; a TraceConnectivity that says why when the engine is missing. */
  static async open(traceId: string, source: TraceSource, engines: ConnectivityEngine, cancel: Cancellation): Promise<TraceConnectivity | undefined> {
    const { entry, firstToken, steps } = source;
    const engine = await engines.forRevision(entry.handle.revision);
    if (!engine) return new TraceConnectivity(traceId, undefined, firstToken, engines.unavailable ?? 'the model changed');
    const slice = await SliceConnectivity.open(entry, engine, firstToken, firstToken + steps, cancel);
    return slice && new TraceConnectivity(traceId, slice, firstToken, '');
  }

  /** The span's memory-length curve, or why there is none. */
  curveMessage(): HostToPanel {
    if (!this.slice) return this.unavailable(this.reason);
    try {
      const curve = this.slice.curve(CURVE_POSITIONS);
      if (curve.positions === 0) return this.unavailable('the explored text has no step followed by a character');
      return { type: 'showMemoryCurve', traceId: this.traceId, mean: Float32Array.from(curve.mean), counts: curve.counts, positions: curve.positions };
    } catch (e) {
      return this.unavailable(errorText(e));
    }
  }

  /** Step `step`'s connectivity (the step of the trace), or why it has none. */
  stepMessage(step: number): HostToPanel {
    if (!this.slice) return this.unavailable(this.reason);
    const t = this.firstToken + step;
    if (!this.slice.has(t)) return this.unavailable('the last character of the document predicts nothing');
    try {
      const c = this.slice.at(t);
      return c ? { type: 'showConnectivity', traceId: this.traceId, step, byDistance: c.byDistance } : this.unavailable('no next character');
    } catch (e) {
      return this.unavailable(errorText(e));
    }
  }

  private unavailable(reason: string): HostToPanel {
    return { type: 'connectivityUnavailable', traceId: this.traceId, reason };
  }
}
