/**
 * Gradient connectivity inside a document as the editor reads it: a step's loss is the
 * surprisal of the token after it, and its window reaches back `window` tokens, read from the
 * document's real state there (DocumentInference.stateBefore), so the numbers are the whole
 * document's. vscode-free.
 */
import type { FusedConnectivity } from '../../core/analysis/connectivity/fusedConnectivity';
import { memoryLengthCurve, type MemoryCurve } from '../../core/analysis/connectivity/memoryCurve';
import { DEFAULT_WINDOW, type StepConnectivity } from '../../core/analysis/connectivity/stepConnectivity';
import type { InferState } from '../../core/infer/inferState';
import type { Cancellation } from '../../core/infer/document/timeSlice';
import type { DocumentEntry } from './inferenceCache';

/**
 * The connectivity of a run of a document's steps [first, end): one slice of the document from
 * `window` tokens before `first` to the token after `end − 1`, read once; each step then costs
 * one backward pass. Steps with no next token (the document's last) have none.
 */
export class SliceConnectivity {
  private constructor(
    private readonly engine: FusedConnectivity,
    /** The document's token index of the slice's first token. */
    readonly from: number,
    readonly tokens: Int32Array,
    private readonly start: InferState,
    readonly first: number,
    readonly end: number,
    readonly window: number,
  ) {}

  /** Undefined when cancelled while the state before the slice is read. */
  static async open(entry: DocumentEntry, engine: FusedConnectivity, first: number, end: number, cancel: Cancellation, window = DEFAULT_WINDOW): Promise<SliceConnectivity | undefined> {
    const { ids } = entry.inference.tokens;
    const from = Math.max(0, first - window);
    const start = await entry.inference.stateBefore(from, cancel);
    if (!start) return undefined;
    const tokens = ids.range(from, Math.min(ids.length, end + 1)).slice();
    return new SliceConnectivity(engine, from, tokens, start, first, end, window);
  }

  /** Whether document step `t` has a next token in the slice (so a loss to look back from). */
  has(t: number): boolean {
    return t >= this.first && t < this.end && t - this.from < this.tokens.length - 1;
  }

  /** Document step `t`'s connectivity (t in document token indices), or undefined without a next token. */
  at(t: number): StepConnectivity | undefined {
    if (!this.has(t)) return undefined;
    const c = this.engine.ofStep(this.tokens, t - this.from, this.window, this.start);
    return { t, byDistance: c.byDistance };
  }

  /** The memory-length curve over up to `count` of the slice's steps, evenly spread. */
  curve(count: number): MemoryCurve {
    const steps: number[] = [];
    for (let t = this.first; t < this.end; t++) if (this.has(t)) steps.push(t - this.from);
    const n = Math.min(count, steps.length);
    const positions = Array.from({ length: n }, (_, i) => steps[Math.floor((i * steps.length) / n)]);
    return memoryLengthCurve(this.engine.ofSteps(this.tokens, positions, this.window, this.start), this.window);
  }
}

/** Document step `t`'s connectivity back to `window` tokens (the hover's), or undefined at the last token or when cancelled. */
export async function connectivityAt(entry: DocumentEntry, engine: FusedConnectivity, t: number, cancel: Cancellation, window = DEFAULT_WINDOW): Promise<StepConnectivity | undefined> {
  const slice = await SliceConnectivity.open(entry, engine, t, t + 1, cancel, window);
  return slice?.at(t);
}
