/**
 * How a candidate span ranks, after LSTMVis's match view (Strobelt, Gehrmann, Pfister, Rush,
 * "LSTMVis", IEEE TVCG 2017, §5.2): with S the pattern's units and S′ the units on (H ≥ τ) at
 * every step of the candidate, the score rewards the shared units |S ∩ S′| and penalises the
 * extra ones |S′ \ S|, one for one, so a span where the pattern's units are on together with
 * many others (a state where everything is on) ranks below one where they alone are on:
 *
 *   score = |S ∩ S′| − |S′ \ S| − (ℓ − ℓ′) / ℓ
 *
 * The last term is how this implementation prefers spans of the query's length ℓ: a candidate
 * is cut to ℓ steps (patternCandidates.ts), so only a shorter one, ℓ′ < ℓ (its units turned off
 * sooner), is penalised, by less than one unit: length orders the spans that share as many
 * units, and never outweighs a unit.
 */
import type { CorpusStates } from './corpusStates';

/** The length term: 0 for a span of the query's length, below 1 for a shorter one. */
export function lengthPenalty(length: number, queryLength: number): number {
  return (queryLength - length) / queryLength;
}

/** Whether `unit` is at `level` or above at every step of [start, start + length) of document `document`. */
export function onThroughout(store: CorpusStates, unit: number, level: number, document: number, start: number, length: number): boolean {
  const column = store.columns[unit];
  const first = store.documents[document].first + start;
  for (let t = first; t < first + length; t++) if (column[t] < level) return false;
  return true;
}

/** How many of `units` are on throughout the span: |S ∩ S′| for the pattern's units, |S′ \ S| for the others. */
export function unitsOnThroughout(store: CorpusStates, units: Iterable<number>, level: number, document: number, start: number, length: number): number {
  let on = 0;
  for (const u of units) if (onThroughout(store, u, level, document, start, length)) on++;
  return on;
}
