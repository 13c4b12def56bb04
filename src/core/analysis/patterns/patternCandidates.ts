/**
 * Where a pattern may be: per step, how many of its units S are on (scanning |S| columns, not
 * all of them), then the runs of steps where at least `need` of them are, each run taken from
 * the step its units turn on, as the select view takes a span whose units were off just before
 * (proposeUnits.ts). A candidate is the run's first `length` steps (fewer when the run ends
 * sooner), so candidates never overlap: one run, one candidate.
 */
import type { CorpusStates } from './corpusStates';

/** Candidates as parallel arrays: document index, first step (document's own) and steps. */
export interface Candidates {
  readonly count: number;
  readonly documents: Int32Array;
  readonly starts: Int32Array;
  readonly lengths: Int32Array;
}

/** Per column index, how many of `units` are at `level` or above. */
function onCounts(store: CorpusStates, units: readonly number[], level: number): Uint16Array {
  const counts = new Uint16Array(store.columns[0].length);
  for (const u of units) {
    const column = store.columns[u];
    for (const { first, steps } of store.documents) for (let t = first; t < first + steps; t++) counts[t] += column[t] >= level ? 1 : 0;
  }
  return counts;
}

/** The candidates of `units` on (at `level` or above) at least `need` at a time, at most `length` steps each. */
export function patternCandidates(store: CorpusStates, units: readonly number[], level: number, need: number, length: number): Candidates {
  const counts = onCounts(store, units, level);
  const documents: number[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  store.documents.forEach(({ first, steps }, d) => {
    for (let t = 0; t < steps; ) {
      if (counts[first + t] < need) {
        t++;
        continue;
      }
      let end = t + 1;
      while (end < steps && counts[first + end] >= need) end++;
      documents.push(d);
      starts.push(t);
      lengths.push(Math.min(end - t, length));
      t = end;
    }
  });
  return { count: documents.length, documents: Int32Array.from(documents), starts: Int32Array.from(starts), lengths: Int32Array.from(lengths) };
}
