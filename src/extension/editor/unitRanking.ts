/**
 * Ranks a model's units by how well they track features of a document's text (inside quotes,
 * bracket depth, column, start of a word, whitespace, digits): one time-sliced walk through
 * the document, which also leaves its checkpoints for the hovers. vscode-free.
 */
import { textFeatures, UnitCorrelations, UnitScore } from '../../core/infer/unitFeatures';
import type { DocumentEntry } from './inferenceCache';
import type { Cancellation } from '../../core/infer/document/timeSlice';

/** Progress is reported after every this many tokens. */
const PROGRESS_EVERY = 1000;

/**
 * r of every unit with every feature over the first `maxTokens` tokens of the document;
 * undefined when cancelled.
 */
export async function rankUnits(entry: DocumentEntry, maxTokens: number, cancel: Cancellation, onProgress?: (done: number, total: number) => void): Promise<UnitScore[] | undefined> {
  const { inference, text, handle } = entry;
  const n = Math.min(inference.length, maxTokens);
  const features = textFeatures(text, inference.tokens.starts.range(0, n));
  const correlations = new UnitCorrelations(handle.model.config);
  const done = await inference.walk(0, n, cancel, (t, gatesOf) => {
    correlations.add(gatesOf, features, t, n);
    if ((t + 1) % PROGRESS_EVERY === 0) onProgress?.(t + 1, n);
  });
  return done ? correlations.scores() : undefined;
}
