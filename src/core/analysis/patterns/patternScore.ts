/**
 * How a candidate span ranks, after the match view of LSTMVis (Strobelt, Gehrmann, Pfister,
 * Rush, "LSTMVis: A Tool for Visual Analysis of Hidden State Dynamics in Recurrent Neural
 * Networks", IEEE VIS 2017), as we read it: with S the pattern's units and S′ the units on
 * (H ≥ τ) at every step of the candidate, the score rewards the shared units |S ∩ S′| and
 * penalises the extra ones |S′ \ S|, one for one, so a span where the pattern's units are on together with
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
import type { Candidates } from './patternCandidates';

/** The length term: 0 for a span of the query's length, below 1 for a shorter one. */
export function lengthPenalty(length: number, queryLength: number): number {
  return (queryLength - length) / queryLength;
}

/**
 * Per candidate `members[j]`, how many of `units` are on (at `level` or above) at every one of
 * its steps: |S ∩ S′| for the pattern's units, |S′ \ S| for the others. Unit by unit, so each
 * column is read front to back (the members are in corpus order), not every column per
 * candidate: at hidden 256 that is the difference between a stream and a cache miss a unit.
 */
export function unitsOnThroughout(store: CorpusStates, units: Iterable<number>, level: number, candidates: Candidates, members: ArrayLike<number>): Int32Array {
  const on = new Int32Array(members.length);
  const { columns: at, lengths } = candidates;
  for (const u of units) {
    const column = store.columns[u];
    for (let j = 0; j < members.length; j++) {
      const i = members[j];
      const end = at[i] + lengths[i];
      let t = at[i];
      while (t < end && column[t] >= level) t++;
      if (t === end) on[j]++;
    }
  }
  return on;
}

/** Units read per pass of unitsUpTo: enough that a pass streams, few enough that a hopeless candidate is dropped early. */
const UNITS_PER_PASS = 8;

/**
 * The members with at most `most` of `units` on throughout, and how many each has (as
 * unitsOnThroughout counts them): the units are read a pass of a few at a time, and a member
 * is dropped once it has more, so where most candidates have many extra units on (a state where
 * everything is on), most of them are dropped after a few columns.
 */
export function unitsUpTo(store: CorpusStates, units: readonly number[], level: number, candidates: Candidates, members: Int32Array, most: number): { members: Int32Array; on: Int32Array } {
  const alive = members.slice();
  const on = new Int32Array(members.length);
  let count = members.length;
  for (let u = 0; u < units.length && count > 0; u += UNITS_PER_PASS) {
    const more = unitsOnThroughout(store, units.slice(u, u + UNITS_PER_PASS), level, candidates, alive.subarray(0, count));
    let kept = 0;
    for (let j = 0; j < count; j++) {
      if (on[j] + more[j] > most) continue;
      alive[kept] = alive[j];
      on[kept++] = on[j] + more[j];
    }
    count = kept;
  }
  return { members: alive.subarray(0, count), on: on.subarray(0, count) };
}
