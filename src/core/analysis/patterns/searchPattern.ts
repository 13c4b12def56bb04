/**
 * LSTMVis's match view over a CorpusStates: the spans where a pattern's units are on, ranked
 * (patternScore.ts) and cut to the best `topK`. Only the pattern's |S| columns are scanned for
 * the candidates (patternCandidates.ts); the other units, which the penalty for extra on-units
 * needs, are read only for a candidate that can still enter the top K: candidates are taken in
 * order of their bound |S ∩ S′| − (length term), which the extra units can only lower, and the
 * search stops at the first whose bound is below the K-th score found.
 */
import type { CorpusStates } from './corpusStates';
import { MatchHeatmap, matchHeatmap } from './matchHeatmap';
import { patternCandidates } from './patternCandidates';
import { checkPatternLength, checkThreshold, checkUnits } from './patternChecks';
import { lengthPenalty, unitsOnThroughout } from './patternScore';
import { onLevel } from './stateLevels';

export interface PatternMatch {
  /** Its document: the index in the store's documents, and the name it was read with. */
  readonly document: number;
  readonly name: string;
  /** Steps [start, end) of the document (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** Where those steps' text lies in the document: UTF-16 offsets [from, to), for opening the place in the editor. */
  readonly from: number;
  readonly to: number;
  /** shared − extra − the length term (patternScore.ts). */
  readonly score: number;
  /** Units of the pattern on throughout the span, |S ∩ S′|. */
  readonly shared: number;
  /** Units outside the pattern on throughout the span, |S′ \ S|. */
  readonly extra: number;
  readonly heatmap: MatchHeatmap;
}

export const DEFAULT_TOP_K = 50;

/** Whether match a ranks before b: the higher score, then the earlier place. */
const ranksBefore = (a: Ranked, b: Ranked): boolean => a.score > b.score || (a.score === b.score && (a.document < b.document || (a.document === b.document && a.start < b.start)));

type Ranked = Pick<PatternMatch, 'document' | 'start' | 'end' | 'score' | 'shared' | 'extra'>;

/**
 * The `topK` best spans where `units` are on (H ≥ `threshold`) for about `spanLength` steps,
 * best first, none overlapping. A candidate is a run of steps where at least ⌈minShare · |S|⌉
 * of the units are on at once: 1 (the default), as in LSTMVis, finds the spans where all of
 * them are; less lets partial matches in, ranked below. Throws, naming the problem, on bad input.
 */
export function searchPattern(store: CorpusStates, units: readonly number[], threshold: number, spanLength: number, topK = DEFAULT_TOP_K, minShare = 1): PatternMatch[] {
  checkUnits(units, store.hiddenSize);
  checkThreshold(threshold);
  checkPatternLength(spanLength);
  if (!Number.isInteger(topK) || topK < 1) throw new Error(`The number of matches to show must be a positive whole number, got ${String(topK)}`);
  if (!(minShare > 0 && minShare <= 1)) throw new Error(`The share of the pattern's units a match needs on must be in (0, 1], got ${String(minShare)}`);
  const level = onLevel(threshold);
  // less a hair: 0.7 · 10 is 7.000000000000001 in float64, which must need 7 units, not 8
  const need = Math.max(1, Math.ceil(minShare * units.length - 1e-9));
  const c = patternCandidates(store, units, level, need, spanLength);
  const shared = new Int32Array(c.count);
  const bounds = new Float64Array(c.count);
  for (let i = 0; i < c.count; i++) {
    shared[i] = unitsOnThroughout(store, units, level, c.documents[i], c.starts[i], c.lengths[i]);
    bounds[i] = shared[i] - lengthPenalty(c.lengths[i], spanLength);
  }
  const order = Uint32Array.from({ length: c.count }, (_, i) => i).sort((a, b) => bounds[b] - bounds[a] || a - b);
  const inPattern = new Set(units);
  const others = Array.from({ length: store.hiddenSize }, (_, u) => u).filter((u) => !inPattern.has(u));
  const best: Ranked[] = [];
  for (const i of order) {
    if (best.length === topK && bounds[i] < best[topK - 1].score) break;
    const [document, start, length] = [c.documents[i], c.starts[i], c.lengths[i]];
    const extra = unitsOnThroughout(store, others, level, document, start, length);
    const ranked = { document, start, end: start + length, score: bounds[i] - extra, shared: shared[i], extra };
    insertRanked(best, ranked, topK);
  }
  return best.map((m) => {
    const doc = store.documents[m.document];
    return { ...m, name: doc.name, from: doc.starts[m.start], to: doc.ends[m.end - 1], heatmap: matchHeatmap(store, units, m.document, m.start, m.end) };
  });
}

/** Puts `m` in its place in `best` (best first), keeping at most `topK`. */
function insertRanked(best: Ranked[], m: Ranked, topK: number): void {
  let at = best.length;
  while (at > 0 && ranksBefore(m, best[at - 1])) at--;
  if (at >= topK) return;
  best.splice(at, 0, m);
  if (best.length > topK) best.pop();
}
