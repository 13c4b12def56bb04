/** Pattern search on hand-made hidden states: the proposal, the ranking, the heatmaps, the byte levels, the checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorpusStates } from '../../src/core/analysis/patterns/corpusStates';
import { proposeUnits } from '../../src/core/analysis/patterns/proposeUnits';
import { searchPattern } from '../../src/core/analysis/patterns/searchPattern';
import { LEVEL_HALF_STEP, LEVEL_STEP, levelValue, onLevel, writeLevels } from '../../src/core/analysis/patterns/stateLevels';
import { Rng } from '../../src/core/util/rng';

const H = 24;
const OFF = -0.6;
const ON = 0.8;
const TAU = 0.5;

/** Steps × H of background values, all below TAU. */
function background(rng: Rng, steps: number): Float32Array[] {
  return Array.from({ length: steps }, () => Float32Array.from({ length: H }, () => -1 + rng.next() * 1.3));
}

/** Turns `units` on over steps [start, start + length) of `states`. */
function plant(states: Float32Array[], units: readonly number[], start: number, length: number): void {
  for (let t = start; t < start + length; t++) for (const u of units) states[t][u] = ON;
}

/** A store of these documents' states, as readCorpusStates lays them out (one token a character). */
function storeOf(docs: readonly Float32Array[][]): CorpusStates {
  const total = docs.reduce((n, d) => n + d.length, 0);
  const columns = Array.from({ length: H }, () => new Uint8ClampedArray(total));
  let first = 0;
  const documents = docs.map((states, i) => {
    const flat = new Float32Array(states.length * H);
    states.forEach((s, t) => flat.set(s, t * H));
    for (let u = 0; u < H; u++) writeLevels(columns[u], first, flat, u, H, states.length);
    const steps = states.length;
    const doc = { name: `doc${i}`, first, steps, starts: Int32Array.from({ length: steps }, (_, t) => 2 * t), ends: Int32Array.from({ length: steps }, (_, t) => 2 * t + 1) };
    first += steps;
    return doc;
  });
  return new CorpusStates(columns, documents);
}

test('the proposal is exactly the units on over the span and off just before it', () => {
  const states = Array.from({ length: 12 }, () => new Float32Array(H).fill(OFF));
  plant(states, [1, 4, 9], 5, 4); // on over [5, 9), off at 4: proposed
  plant(states, [2], 3, 6); // on over the span but already at 4: not proposed
  plant(states, [6], 5, 3); // off at the span's last step: not proposed
  plant(states, [7], 6, 3); // off at the span's first step: not proposed
  states[4][9] = TAU - 1e-4; // just below the threshold before the span: still off
  assert.deepEqual(proposeUnits(states, { start: 5, end: 9 }, TAU), [1, 4, 9]);
  // a unit exactly at the threshold is on (H ≥ τ)
  for (let t = 5; t < 9; t++) states[t][11] = TAU;
  assert.deepEqual(proposeUnits(states, { start: 5, end: 9 }, TAU), [1, 4, 9, 11]);
});

test('a span from step 0 proposes the units on over it (there is no step before)', () => {
  const states = Array.from({ length: 6 }, () => new Float32Array(H).fill(OFF));
  plant(states, [0, 3], 0, 3);
  plant(states, [5], 0, 2);
  assert.deepEqual(proposeUnits(states, { start: 0, end: 3 }, TAU), [0, 3]);
});

test('a span too short for a pattern, a span outside the text and a bad threshold are refused by name', () => {
  const states = Array.from({ length: 6 }, () => new Float32Array(H));
  assert.throws(() => proposeUnits(states, { start: 2, end: 3 }, TAU), /1 step long, too short for a pattern/);
  assert.throws(() => proposeUnits(states, { start: 2, end: 2 }, TAU), /0 steps long, too short for a pattern/);
  assert.throws(() => proposeUnits(states, { start: 4, end: 7 }, TAU), /outside the text's 6 steps/);
  assert.throws(() => proposeUnits(states, { start: 3, end: 1 }, TAU), /outside the text's 6 steps/);
  assert.throws(() => proposeUnits(states, { start: 0, end: 3 }, 1), /threshold must be a number between −1 and 1/);
  assert.throws(() => proposeUnits(states, { start: 0, end: 3 }, Number.NaN), /threshold/);
});

test('the selected span is the top match, with the highest score', () => {
  const rng = new Rng(3);
  const docs = [background(rng, 80), background(rng, 60)];
  plant(docs[1], [3, 8, 15], 20, 5);
  plant(docs[0], [3, 8], 40, 5); // a partial match elsewhere
  plant(docs[0], [3, 8, 15, 16], 10, 5); // the units with an extra one
  const units = proposeUnits(docs[1], { start: 20, end: 25 }, TAU);
  assert.deepEqual(units, [3, 8, 15]);
  const matches = searchPattern(storeOf(docs), units, TAU, 5, 50, 0.5);
  const [top] = matches;
  assert.deepEqual([top.name, top.start, top.end, top.shared, top.extra, top.score], ['doc1', 20, 25, 3, 0, 3]);
  assert.ok(matches.slice(1).every((m) => m.score < top.score), 'the span scores highest');
  assert.deepEqual([top.from, top.to], [40, 49], 'the text of steps 20..24');
});

test('a planted pattern ranks above its partial matches, by the units they share', () => {
  const rng = new Rng(5);
  const docs = [background(rng, 100), background(rng, 100)];
  const pattern = [2, 5, 9, 13];
  plant(docs[0], [2, 5], 10, 6);
  plant(docs[1], [2, 5, 9], 50, 6);
  plant(docs[1], pattern, 80, 6);
  plant(docs[0], [5], 70, 6); // one of four: below the half that minShare 0.5 needs
  const matches = searchPattern(storeOf(docs), pattern, TAU, 6, 50, 0.5);
  assert.deepEqual(matches.map((m) => [m.document, m.start, m.shared, m.score]), [
    [1, 80, 4, 4],
    [1, 50, 3, 3],
    [0, 10, 2, 2],
  ]);
  // with minShare 1 (LSTMVis's match: all units on) only the whole pattern is found
  assert.deepEqual(searchPattern(storeOf(docs), pattern, TAU, 6).map((m) => [m.document, m.start]), [[1, 80]]);
});

test('extra units on over a match lower its score one for one', () => {
  const rng = new Rng(6);
  const docs = [background(rng, 90)];
  const pattern = [1, 2, 3];
  plant(docs[0], pattern, 5, 4);
  plant(docs[0], [...pattern, 20], 30, 4);
  plant(docs[0], [...pattern, 20, 21], 55, 4);
  plant(docs[0], [22], 56, 2); // on over part of the span only: not extra
  const matches = searchPattern(storeOf(docs), pattern, TAU, 4);
  assert.deepEqual(matches.map((m) => [m.start, m.extra, m.score]), [
    [5, 0, 3],
    [30, 1, 2],
    [55, 2, 1],
  ]);
});

test('a shorter run ranks below a run of the query length with the same units; a longer one is cut to it', () => {
  const rng = new Rng(7);
  const docs = [background(rng, 70)];
  const pattern = [4, 6];
  plant(docs[0], pattern, 5, 3);
  plant(docs[0], pattern, 20, 12);
  plant(docs[0], pattern, 45, 6);
  const matches = searchPattern(storeOf(docs), pattern, TAU, 6);
  assert.deepEqual(matches.map((m) => [m.start, m.end]), [[20, 26], [45, 51], [5, 8]]);
  assert.equal(matches[0].score, matches[1].score, 'the long run and the exact one share their units');
  assert.ok(matches[2].score < matches[1].score && matches[2].score > matches[1].score - 1, 'the short one loses less than a unit');
});

test('matches never overlap, and the top K are the K best', () => {
  const rng = new Rng(8);
  const docs = [background(rng, 400)];
  const pattern = [0, 7];
  for (let i = 0; i < 30; i++) plant(docs[0], i % 3 === 0 ? [...pattern, 10] : pattern, 5 + 12 * i, 2 + (i % 5));
  const all = searchPattern(storeOf(docs), pattern, TAU, 4);
  assert.equal(all.length, 30);
  const spans = [...all].sort((a, b) => a.start - b.start);
  spans.slice(1).forEach((m, i) => assert.ok(m.start >= spans[i].end, `${m.start} overlaps ${spans[i].start}..${spans[i].end}`));
  all.slice(1).forEach((m, i) => assert.ok(m.score <= all[i].score, 'best first'));
  assert.deepEqual(searchPattern(storeOf(docs), pattern, TAU, 4, 7), all.slice(0, 7));
});

test("a match's heatmap is its units over the span and 3 steps either side, within half a level", () => {
  const rng = new Rng(9);
  const docs = [background(rng, 40)];
  const pattern = [3, 11, 17];
  plant(docs[0], pattern, 1, 5);
  plant(docs[0], pattern, 20, 5);
  const [first, second] = searchPattern(storeOf(docs), pattern, TAU, 5);
  assert.deepEqual([first.heatmap.first, first.heatmap.steps, second.heatmap.first, second.heatmap.steps], [0, 9, 17, 11]);
  for (const { heatmap } of [first, second]) {
    assert.deepEqual(heatmap.units, pattern);
    pattern.forEach((u, r) => {
      for (let c = 0; c < heatmap.steps; c++) assert.ok(Math.abs(heatmap.values[r * heatmap.steps + c] - docs[0][heatmap.first + c][u]) <= LEVEL_HALF_STEP + 1e-6);
    });
  }
});

test('stored levels round-trip within half a level; every value at or above a threshold is on, and only those within a level below it besides', () => {
  const rng = new Rng(10);
  const values = Float32Array.from({ length: 5000 }, () => rng.next() * 2 - 1);
  values.set([-1, 1, 0, LEVEL_HALF_STEP, -LEVEL_HALF_STEP], 0);
  const levels = new Uint8ClampedArray(values.length);
  writeLevels(levels, 0, values, 0, 1, values.length);
  let worst = 0;
  values.forEach((v, i) => (worst = Math.max(worst, Math.abs(levelValue(levels[i]) - v))));
  assert.ok(worst <= LEVEL_HALF_STEP + 1e-7, `worst error ${worst}`);
  for (const threshold of [-0.999, -0.5, 0, 1 / 3, 0.5, levelValue(200), 0.999]) {
    const q = onLevel(threshold);
    values.forEach((v, i) => {
      if (v >= threshold) assert.ok(levels[i] >= q, `threshold ${threshold}: ${v} is off`);
      if (levels[i] >= q) assert.ok(v >= threshold - LEVEL_STEP - 1e-7, `threshold ${threshold}: ${v} is on`);
    });
  }
});

test('a search with bad input is refused by name', () => {
  const store = storeOf([background(new Rng(11), 10)]);
  assert.throws(() => searchPattern(store, [], TAU, 4), /no units/);
  assert.throws(() => searchPattern(store, [H], TAU, 4), /Unit 24 is outside the hidden layer's units 0..23/);
  assert.throws(() => searchPattern(store, [1.5], TAU, 4), /Unit 1.5 is outside/);
  assert.throws(() => searchPattern(store, [2, 2], TAU, 4), /Unit 2 is in the pattern twice/);
  assert.throws(() => searchPattern(store, [2], -1, 4), /threshold/);
  assert.throws(() => searchPattern(store, [2], TAU, 1), /too short for a pattern/);
  assert.throws(() => searchPattern(store, [2], TAU, 2.5), /whole number of steps/);
  assert.throws(() => searchPattern(store, [2], TAU, 4, 0), /number of matches/);
  assert.throws(() => searchPattern(store, [2], TAU, 4, 50, 0), /share of the pattern's units/);
});

test('the top K found with candidates dropped early equal the first K of the whole ranking', () => {
  const rng = new Rng(12);
  // every unit on about half the time: many candidates, with every number of extra units
  const docs = [0, 1, 2].map(() => Array.from({ length: 300 }, () => Float32Array.from({ length: H }, () => rng.next() * 2 - 1)));
  const store = storeOf(docs);
  for (const [units, minShare] of [[[1, 2, 3, 4], 0.5], [[5], 1], [[6, 7], 1]] as const) {
    const all = searchPattern(store, units, 0, 3, 100_000, minShare);
    assert.ok(all.length > 20, `${all.length} matches, more than the largest K`);
    for (const topK of [1, 5, 20]) assert.deepEqual(searchPattern(store, units, 0, 3, topK, minShare), all.slice(0, topK), `units ${units.join(',')}, top ${topK}`);
  }
});

test('a run of one step is no match (a one-step span is no pattern)', () => {
  const rng = new Rng(13);
  const docs = [background(rng, 30)];
  plant(docs[0], [2, 3], 4, 1);
  plant(docs[0], [2, 3], 10, 2);
  assert.deepEqual(searchPattern(storeOf(docs), [2, 3], TAU, 4).map((m) => [m.start, m.end]), [[10, 12]]);
});
