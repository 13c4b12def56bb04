/**
 * LSTMVis's match view over a CorpusStates: the spans where a pattern's units are on, ranked
 * (patternScore.ts) and cut to the best `topK`. Only the pattern's |S| columns are scanned for
 * the candidates (patternCandidates.ts); the other units, which the penalty for extra on-units
 * needs, are read only for candidates that can still enter the top K: candidates are taken in
 * groups of equal bound |S ∩ S′| − (length term), which the extra units can only lower, best
 * first, and the search stops at the first group whose bound is below the K-th score found;
 * within a group, a candidate is dropped as soon as it has too many extra units to enter.
 */
import type { CorpusStates } from './corpusStates';
import { MatchHeatmap, matchHeatmap } from './matchHeatmap';
import { Candidates, patternCandidates } from './patternCandidates';
import { checkPatternLength, checkThreshold, checkUnits } from './patternChecks';
import { lengthPenalty, unitsOnThroughout, unitsUpTo } from './patternScore';
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
  const shared = unitsOnThroughout(store, units, level, c, Int32Array.from({ length: c.count }, (_, i) => i));
  const inPattern = new Set(units);
  const others = Array.from({ length: store.hiddenSize }, (_, u) => u).filter((u) => !inPattern.has(u));
  const best: Ranked[] = [];
  for (const group of boundGroups(c, shared, units.length, spanLength)) {
    const bound = group.shared - lengthPenalty(group.length, spanLength);
    const rank = (members: Int32Array, extras: Int32Array) =>
      members.forEach((i, j) => insertRanked(best, { document: c.documents[i], start: c.starts[i], end: c.starts[i] + group.length, score: bound - extras[j], shared: group.shared, extra: extras[j] }, topK));
    // the first members fill the top K; then only those with few enough extra units to enter it are counted out
    const head = group.members.subarray(0, topK - best.length);
    rank(head, unitsOnThroughout(store, others, level, c, head));
    const rest = group.members.subarray(head.length);
    if (rest.length === 0) continue;
    const kth = best[topK - 1].score; // the head filled the top K
    if (bound < kth) break;
    // score ≥ the K-th's while extra ≤ bound − its score (a hair more: both carry the length term's rounding)
    const found = unitsUpTo(store, others, level, c, rest, Math.floor(bound - kth + 1e-9));
    rank(found.members, found.on);
  }
  return best.map((m) => {
    const doc = store.documents[m.document];
    return { ...m, name: doc.name, from: doc.starts[m.start], to: doc.ends[m.end - 1], heatmap: matchHeatmap(store, units, m.document, m.start, m.end) };
  });
}

/** Candidates that share as many units over as many steps, so have one bound. */
interface BoundGroup {
  readonly shared: number;
  readonly length: number;
  /** Candidate indices, in corpus order. */
  readonly members: Int32Array;
}

/**
 * The candidates grouped by bound, highest first: a counting sort on shared · ℓ + (length − 1),
 * which orders as the bound shared − (ℓ − length) / ℓ does (the length term is below one unit).
 * Stable, so each group stays in corpus order, the order ties rank in.
 */
function boundGroups(c: Candidates, shared: Int32Array, units: number, spanLength: number): BoundGroup[] {
  const key = (i: number) => shared[i] * spanLength + c.lengths[i] - 1;
  const starts = new Int32Array((units + 1) * spanLength + 1);
  for (let i = 0; i < c.count; i++) starts[key(i) + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const order = new Int32Array(c.count);
  const next = starts.slice();
  for (let i = 0; i < c.count; i++) order[next[key(i)]++] = i;
  const groups: BoundGroup[] = [];
  for (let k = starts.length - 2; k >= 0; k--) {
    if (starts[k + 1] > starts[k]) groups.push({ shared: Math.floor(k / spanLength), length: (k % spanLength) + 1, members: order.subarray(starts[k], starts[k + 1]) });
  }
  return groups;
}

/** Puts `m` in its place in `best` (best first), keeping at most `topK`. */
function insertRanked(best: Ranked[], m: Ranked, topK: number): void {
  let at = best.length;
  while (at > 0 && ranksBefore(m, best[at - 1])) at--;
  if (at >= topK) return;
  best.splice(at, 0, m);
  if (best.length > topK) best.pop();
}
