import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnitTrack } from '../../src/core/infer/document/unitTrack';
import { Rng } from '../../src/core/util/rng';

/** A plain array model of a track: NaN where nothing was written. */
const sameValues = (track: UnitTrack, want: Float32Array, what: string): void => {
  assert.equal(track.length, want.length, `${what}: length`);
  assert.deepEqual(track.toArray(), want, `${what}: values`);
  for (let t = 0; t < want.length; t += 997) assert.ok(Object.is(track.at(t), want[t]), `${what}: at(${t})`);
};

test('versions derived from versions, written to and taking over an earlier one\'s values at a shift, equal plain arrays treated alike, and none writes into another', () => {
  const rng = new Rng(3);
  const n0 = 20_000;
  let track = UnitTrack.empty(n0);
  let want = new Float32Array(n0).fill(NaN);
  const history: { track: UnitTrack; want: Float32Array }[] = [];
  for (let version = 0; version < 60; version++) {
    // a walk writes a run of values
    const from = rng.int(0, track.length - 1);
    const to = Math.min(track.length, from + rng.int(1, 6000));
    for (let t = from; t < to; t++) {
      const v = Math.sin(version * 1000 + t);
      track.set(t, v);
      want[t] = v;
    }
    history.push({ track, want: want.slice() });
    // a keystroke: the values before `keep` stay, a shift of −2..2 tokens, then the earlier version's values past a meeting point
    const keep = rng.int(0, track.length);
    const shift = rng.int(-2, 2);
    const length = Math.max(1, track.length + shift);
    const next = track.derived(keep, length);
    const nextWant = new Float32Array(length).fill(NaN);
    nextWant.set(want.subarray(0, Math.min(keep, length)));
    const meet = Math.min(length, keep + rng.int(0, 300));
    next.takeOver(track, meet, Infinity, shift);
    for (let t = Math.max(meet, shift, 0); t < length && t - shift < want.length; t++) nextWant[t] = want[t - shift];
    sameValues(next, nextWant, `version ${version + 1}`);
    [track, want] = [next, nextWant];
  }
  // every earlier version still holds its own values: copy on write on both sides
  for (const [i, h] of history.entries()) sameValues(h.track, h.want, `earlier version ${i}`);
  assert.ok(track.partCount <= 2 * Math.ceil(track.length / 4096) + 8, `${track.partCount} parts for ${track.length} values`);
});

test('an empty track reads NaN everywhere and takes writes anywhere, in parts of a few thousand values', () => {
  const track = UnitTrack.empty(2_000_000);
  assert.ok(Number.isNaN(track.at(0)) && Number.isNaN(track.at(1_999_999)) && Number.isNaN(track.at(-1)));
  track.set(1_234_567, 0.5);
  assert.equal(track.at(1_234_567), 0.5);
  assert.ok(Number.isNaN(track.at(1_234_566)));
  assert.ok(track.partCount <= 3, 'one written part between two unwritten ones');
  assert.throws(() => track.set(2_000_000, 1), RangeError);
  assert.equal(UnitTrack.empty(0).length, 0);
});
