/**
 * Where a pattern may be: per step, how many of its units S are on (scanning |S| columns, not
 * all of them), then the runs of steps where at least `need` of them are, each run taken from
 * the step its units turn on, as the select view takes a span whose units were off just before
 * (proposeUnits.ts). A candidate is the run's first `length` steps (fewer when the run ends
 * sooner), so candidates never overlap: one run, one candidate. A run of one step is no
 * candidate, as a one-step span is no pattern to select.
 */
import type { CorpusStates } from './corpusStates';
import { MIN_PATTERN_STEPS } from './patternChecks';

/** Candidates as parallel arrays, in the order of their place in the corpus. */
export interface Candidates {
  readonly count: number;
  /** Document index. */
  readonly documents: Int32Array;
  /** First step, the document's own. */
  readonly starts: Int32Array;
  /** The column index of the first step. */
  readonly columns: Int32Array;
  /** Steps. */
  readonly lengths: Int32Array;
}

/** Per column index, how many of `units` are at `level` or above. */
function onCounts(store: CorpusStates, units: readonly number[], level: number): Uint32Array {
  const counts = new Uint32Array(store.columns[0].length);
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
  const columns: number[] = [];
  const lengths: number[] = [];
  store.documents.forEach(({ first, steps }, d) => {
    for (let t = 0; t < steps; ) {
      if (counts[first + t] < need) {
        t++;
        continue;
      }
      let end = t + 1;
      while (end < steps && counts[first + end] >= need) end++;
      if (end - t >= MIN_PATTERN_STEPS) {
        documents.push(d);
        starts.push(t);
        columns.push(first + t);
        lengths.push(Math.min(end - t, length));
      }
      t = end;
    }
  });
  return { count: documents.length, documents: Int32Array.from(documents), starts: Int32Array.from(starts), columns: Int32Array.from(columns), lengths: Int32Array.from(lengths) };
}
