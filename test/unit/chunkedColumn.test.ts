import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkedColumn } from '../../src/core/text/chunkedColumn';
import { Rng } from '../../src/core/util/rng';

/** A plain array spliced the way ChunkedColumn.spliced says: [0, head) + mid + ([tailFrom, n) + shift). */
function splicedArray(values: number[], head: number, mid: number[], tailFrom: number, shift: number): number[] {
  return [...values.slice(0, head), ...mid, ...values.slice(tailFrom).map((v) => v + shift)];
}

const ascending = (rng: Rng, n: number, from = 0): number[] => {
  let v = from;
  return Array.from({ length: n }, () => (v += rng.int(0, 3)));
};

function checkSame(column: ChunkedColumn, want: number[], rng: Rng, what: string): void {
  assert.equal(column.length, want.length, `${what}: length`);
  assert.deepEqual([...column], want, `${what}: values`);
  for (let k = 0; k < 40 && want.length > 0; k++) {
    const i = rng.int(0, want.length - 1);
    assert.equal(column.at(i), want[i], `${what}: at(${i})`);
    const [a, b] = [rng.int(-2, want.length + 2), rng.int(-2, want.length + 2)];
    assert.deepEqual([...column.range(a, b)], want.slice(Math.max(0, a), Math.max(Math.max(0, a), b)), `${what}: range(${a}, ${b})`);
    const x = rng.int(-1, (want[want.length - 1] ?? 0) + 2);
    assert.equal(column.countBelow(x), want.filter((v) => v < x).length, `${what}: countBelow(${x})`);
  }
}

test('seeded random splices of a column many parts long (keystrokes, deletions, pastes, at part edges and both ends) equal a plain array spliced alike', () => {
  const rng = new Rng(7);
  let want = ascending(rng, 30_000);
  let column = ChunkedColumn.of(Int32Array.from(want));
  for (let edit = 0; edit < 300; edit++) {
    const edge = [0, 4095, 4096, 4097, want.length][rng.int(0, 4)];
    const head = rng.next() < 0.2 ? Math.min(edge, want.length) : rng.int(0, want.length);
    const removed = rng.next() < 0.1 ? rng.int(0, 9000) : rng.int(0, 3);
    const tailFrom = Math.min(want.length, head + removed);
    const shift = rng.int(-removed, 20);
    const base = head > 0 ? want[head - 1] : 0;
    const mid = ascending(rng, rng.next() < 0.05 ? rng.int(0, 12_000) : rng.int(0, 3), base);
    // keep the values ascending, as offsets are: the tail moves past the inserted values
    const lift = Math.max(shift, (mid[mid.length - 1] ?? base) - (want[tailFrom] ?? Infinity));
    want = splicedArray(want, head, mid, tailFrom, Number.isFinite(lift) ? lift : shift);
    column = column.spliced(head, Int32Array.from(mid), tailFrom, Number.isFinite(lift) ? lift : shift);
    if (edit % 10 === 0 || edit > 290) checkSame(column, want, rng, `edit ${edit}`);
  }
  // the parts stay long however many edits made the column
  assert.ok(column.partCount <= Math.ceil(column.length / 2048) + 2, `${column.partCount} parts for ${column.length} values`);
});

test('a keystroke shares every part but the one it touched, and copies at most a few parts of values', () => {
  const values = Int32Array.from({ length: 1_000_000 }, (_, i) => i);
  const before = ChunkedColumn.of(values);
  const after = before.spliced(500_000, Int32Array.of(500_000), 500_000, 1);
  assert.equal(after.length, 1_000_001);
  assert.equal(after.at(500_000), 500_000);
  assert.equal(after.at(500_001), 500_001, 'the tail shifted by one');
  assert.equal(after.at(999_999), 999_999);
  assert.equal(after.at(1_000_000), 1_000_000);
  assert.equal(before.at(500_000), 500_000, 'the earlier version is unchanged');
  assert.equal(before.at(999_999), 999_999);
  assert.ok(Math.abs(after.partCount - before.partCount) <= 1, `${before.partCount} → ${after.partCount} parts`);
  // an unshifted range inside one part is a view of the values given, not a copy
  assert.equal(before.range(10, 20).buffer, values.buffer);
});

test('an empty column, and one spliced to empty and back', () => {
  const empty = ChunkedColumn.of(new Int32Array(0));
  assert.equal(empty.length, 0);
  assert.equal(empty.countBelow(5), 0);
  assert.deepEqual([...empty.range(0, 3)], []);
  assert.throws(() => empty.at(0), RangeError);
  const some = empty.spliced(0, Int32Array.of(1, 2, 3), 0, 0);
  assert.deepEqual([...some], [1, 2, 3]);
  assert.deepEqual([...some.spliced(0, new Int32Array(0), 3, 0)], []);
  assert.throws(() => some.spliced(2, new Int32Array(0), 1, 0), RangeError, 'a tail before the head');
});

test('firstDifference and commonSuffix of a version and the one it was spliced from equal a plain scan, shared parts skipped or not', () => {
  const rng = new Rng(9);
  const plainFirst = (a: number[], b: number[], known: number) => {
    let i = known;
    while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
    return i;
  };
  const plainSuffix = (a: number[], b: number[], floor: number, known: number) => {
    const n = Math.min(a.length, b.length) - floor;
    let k = Math.max(0, Math.min(known, n));
    while (k < n && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
    return k;
  };
  let want = Array.from({ length: 50_000 }, () => rng.int(0, 5));
  let column = ChunkedColumn.of(Int32Array.from(want));
  for (let edit = 0; edit < 60; edit++) {
    const head = rng.int(0, want.length);
    const tailFrom = Math.min(want.length, head + rng.int(0, 3));
    const mid = Array.from({ length: rng.int(0, 3) }, () => rng.int(0, 5)); // may repeat what it replaces
    const next = splicedArray(want, head, mid, tailFrom, 0);
    const nextColumn = column.spliced(head, Int32Array.from(mid), tailFrom, 0);
    const same = plainFirst(want, next, 0);
    assert.equal(column.firstDifference(nextColumn), same, `edit ${edit}: first difference`);
    assert.equal(column.firstDifference(nextColumn, Math.min(head, same)), same, `edit ${edit}: first difference from a hint`);
    assert.equal(column.commonSuffix(nextColumn, same), plainSuffix(want, next, same, 0), `edit ${edit}: common suffix`);
    assert.equal(column.commonSuffix(nextColumn, 0, 1), plainSuffix(want, next, 0, 1), `edit ${edit}: common suffix, no floor`);
    [want, column] = [next, nextColumn];
  }
});
