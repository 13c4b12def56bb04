/**
 * Continuing a document at an offset, for ghost text and Generate: d2l's predict_ch8 with the
 * prefix being everything before the offset (its state comes from the document's checkpoints),
 * greedy or sampled with a temperature, stopping at the end of the line when asked. vscode-free.
 */
import { pickToken, SamplingStrategy } from '../../core/infer/sampling';
import { Rng } from '../../core/util/rng';
import { contextBefore } from '../../core/text/documentTokens';
import type { DocumentEntry } from './inferenceCache';
import type { Cancellation } from '../../core/infer/document/timeSlice';

export interface ContinuationOptions {
  /** Tokens to generate at most. */
  readonly length: number;
  /** 0: greedy, as predict_ch8; otherwise sample softmax(y / T). */
  readonly temperature: number;
  /** Stop before the first line break the model writes. */
  readonly stopAtLineEnd: boolean;
  /** Seeds the sampling, so the same request gives the same text. */
  readonly seed: number;
}

/** The strategy a temperature stands for. */
export function strategyFor(temperature: number, seed: number): SamplingStrategy {
  return temperature > 0 ? { kind: 'sample', temperature, rng: new Rng(seed) } : { kind: 'greedy' };
}

/**
 * The text the model writes after `offset` in `entry`'s document: empty when it has nothing to
 * continue from (no token before the offset) or its first pick ends the line; undefined when
 * cancelled. The model's own `<unk>` ends the text (it stands for no character to insert).
 */
export async function continueAt(entry: DocumentEntry, offset: number, options: ContinuationOptions, cancel: Cancellation): Promise<string | undefined> {
  const { inference, handle, text } = entry;
  const { count, pending } = contextBefore(inference.tokens, text, offset, handle.tokenizer, handle.vocab);
  if (count + pending.length === 0) return '';
  const state = await inference.stateBefore(count, cancel);
  if (!state) return undefined;
  const { model, vocab } = handle;
  for (const id of pending) model.step(id, state);
  const strategy = strategyFor(options.temperature, options.seed);
  let out = '';
  for (let i = 0; i < options.length; i++) {
    if (cancel.isCancellationRequested) return undefined;
    const next = pickToken(model.logits(state), strategy);
    const ch = vocab.tokenAt(next);
    if (next === 0 || (options.stopAtLineEnd && (ch === '\n' || ch === '\r'))) break;
    out += ch;
    model.step(next, state);
  }
  return out;
}
