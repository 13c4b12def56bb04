/** What a match's small heatmap draws: the pattern's units over the matched span and a few steps either side. */
import type { CorpusStates } from './corpusStates';

/** Steps of context drawn either side of a match (fewer at a document's ends). */
export const HEATMAP_CONTEXT = 3;

export interface MatchHeatmap {
  /** The document's step of the first column (the match's start minus its context). */
  readonly first: number;
  /** Columns: the match's steps and its context. */
  readonly steps: number;
  /** Row r is unit units[r]: values[r · steps + c] is its H after step first + c (within half a level). */
  readonly units: readonly number[];
  readonly values: Float32Array;
}

/** The heatmap of `units` over [start, end) of document `document`, with HEATMAP_CONTEXT steps either side. */
export function matchHeatmap(store: CorpusStates, units: readonly number[], document: number, start: number, end: number): MatchHeatmap {
  const first = Math.max(0, start - HEATMAP_CONTEXT);
  const last = Math.min(store.documents[document].steps, end + HEATMAP_CONTEXT);
  const steps = last - first;
  const values = new Float32Array(units.length * steps);
  units.forEach((u, r) => {
    for (let c = 0; c < steps; c++) values[r * steps + c] = store.value(document, first + c, u);
  });
  return { first, steps, units: [...units], values };
}
