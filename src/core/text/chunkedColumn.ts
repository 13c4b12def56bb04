/**
 * An immutable column of int32 values (a document's token ids, or its token and line offsets)
 * held in parts that a new version of the document shares with the version it was made from.
 * An edit copies only the part or two it touched and gives every part after it a shift added to
 * its values (the offsets behind an edit move by the characters it typed), so a keystroke in a
 * 2,000,000-character file costs a few thousand values and a list of parts, not five copies of
 * 7.6 MB arrays (issue #13's typing growth). vscode-free.
 */

/** Values a part holds after a rebuild; parts stay between PART / 2 and about 1.5 · PART long. */
const PART = 4096;

export class ChunkedColumn {
  readonly length: number;
  /** The part the last lookup found: reads along the column find theirs at once. */
  private hint = 0;

  private constructor(
    /** The values, each part non-empty; part p's values are parts[p][i] + shifts[p]. */
    private readonly parts: readonly Int32Array[],
    private readonly shifts: readonly number[],
    /** Index of each part's first value, then the length. */
    private readonly firsts: Int32Array,
  ) {
    this.length = firsts[parts.length];
  }

  /** A column of `values` (held, not copied: the caller gives them up). */
  static of(values: Int32Array): ChunkedColumn {
    const parts: Int32Array[] = [];
    for (let i = 0; i < values.length; i += PART) parts.push(values.subarray(i, Math.min(values.length, i + PART)));
    return ChunkedColumn.assemble(parts, parts.map(() => 0));
  }

  private static assemble(parts: Int32Array[], shifts: number[]): ChunkedColumn {
    const firsts = new Int32Array(parts.length + 1);
    for (let p = 0; p < parts.length; p++) firsts[p + 1] = firsts[p] + parts[p].length;
    return new ChunkedColumn(parts, shifts, firsts);
  }

  /** The value at index i (0 ≤ i < length). */
  at(i: number): number {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`index ${i} outside a column of ${this.length}`);
    const p = this.partOf(i);
    return this.parts[p][i - this.firsts[p]] + this.shifts[p];
  }

  /** The part holding index i (0 ≤ i < length). */
  private partOf(i: number): number {
    const f = this.firsts;
    const h = this.hint;
    if (i >= f[h] && i < f[h + 1]) return h;
    if (i >= f[h + 1] && i < f[h + 2]) return (this.hint = h + 1);
    return (this.hint = partHolding(f, this.parts.length, i));
  }

  /** Values [from, to) (clamped like subarray): a view where one unshifted part holds them all, else a copy. */
  range(from: number, to: number): Int32Array {
    const a = Math.max(0, Math.min(from, this.length));
    const b = Math.max(a, Math.min(to, this.length));
    if (a === b) return new Int32Array(0);
    const p = this.partOf(a);
    const f = this.firsts[p];
    if (b <= this.firsts[p + 1] && this.shifts[p] === 0) return this.parts[p].subarray(a - f, b - f);
    const out = new Int32Array(b - a);
    this.copyInto(out, 0, a, b);
    return out;
  }

  /** All the values, in one array (a copy unless one unshifted part holds them). */
  toArray(): Int32Array {
    return this.range(0, this.length);
  }

  /** Writes values [from, to) into out at `at`, shifts applied. */
  private copyInto(out: Int32Array, at: number, from: number, to: number, add = 0): void {
    let i = from;
    let o = at;
    while (i < to) {
      const p = this.partOf(i);
      const part = this.parts[p];
      const f = this.firsts[p];
      const end = Math.min(to, this.firsts[p + 1]);
      const shift = this.shifts[p] + add;
      const view = part.subarray(i - f, end - f);
      if (shift === 0) out.set(view, o);
      else for (let k = 0; k < view.length; k++) out[o + k] = view[k] + shift;
      o += end - i;
      i = end;
    }
  }

  /** How many values are below x, the values being in ascending order (offsets): a binary search. */
  countBelow(x: number): number {
    let lo = 0;
    let hi = this.parts.length;
    // the first part whose last value is ≥ x
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const part = this.parts[mid];
      if (part[part.length - 1] + this.shifts[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.parts.length) return this.length;
    const part = this.parts[lo];
    const v = x - this.shifts[lo];
    let a = 0;
    let b = part.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (part[mid] < v) a = mid + 1;
      else b = mid;
    }
    return this.firsts[lo] + a;
  }

  /**
   * This column's values [0, head), then `mid`, then its values [tailFrom, length) plus `shift`:
   * the parts before head and after tailFrom are shared, the one or two the edit touched copied
   * (with a neighbour where they came out short).
   */
  spliced(head: number, mid: Int32Array, tailFrom: number, shift: number): ChunkedColumn {
    const f = this.firsts;
    const count = this.parts.length;
    if (!(head >= 0 && head <= tailFrom && tailFrom <= this.length)) throw new RangeError(`splice [${head}, ${tailFrom}) outside a column of ${this.length}`);
    // parts [0, pa) are kept whole: they end at or before head
    let pa = 0;
    while (pa < count && f[pa + 1] <= head) pa++;
    // parts [pb, count) are kept whole (shifted): they start at or after tailFrom
    let pb = count;
    while (pb > pa && f[pb - 1] >= tailFrom) pb--;
    let start = Math.min(f[pa], head);
    let end = Math.max(f[pb], tailFrom);
    const size = () => head - start + mid.length + (end - tailFrom);
    // a short rebuilt part takes a neighbour in, so parts stay at least PART / 2 long
    if (size() < PART / 2 && pb < count) end = f[++pb];
    if (size() < PART / 2 && pa > 0) start = f[--pa];
    const values = new Int32Array(size());
    this.copyInto(values, 0, start, head);
    values.set(mid, head - start);
    this.copyInto(values, head - start + mid.length, tailFrom, end, shift);
    const pieces = Math.ceil(values.length / PART);
    const rebuilt = Array.from({ length: pieces }, (_, k) => values.subarray(Math.floor((k * values.length) / pieces), Math.floor(((k + 1) * values.length) / pieces)));
    return ChunkedColumn.assemble(
      [...this.parts.slice(0, pa), ...rebuilt, ...this.parts.slice(pb)],
      [...this.shifts.slice(0, pa), ...rebuilt.map(() => 0), ...this.shifts.slice(pb).map((s) => s + shift)],
    );
  }

  /** The first index at or after `known` where this column and `other` differ (the shorter length when one extends the other). */
  firstDifference(other: ChunkedColumn, known = 0): number {
    const n = Math.min(this.length, other.length);
    let i = Math.max(0, Math.min(known, n));
    while (i < n) {
      const run = this.sharedRun(other, i, i, 1);
      if (run > 0) i += run;
      else if (this.at(i) === other.at(i)) i++;
      else break;
    }
    return Math.min(i, n);
  }

  /** How many values the two share at their ends, at least `known` (they share that many), not reaching back before `floor` in either. */
  commonSuffix(other: ChunkedColumn, floor: number, known = 0): number {
    const n = Math.min(this.length, other.length) - floor;
    let k = Math.max(0, Math.min(known, n));
    while (k < n) {
      const [i, j] = [this.length - 1 - k, other.length - 1 - k];
      const run = this.sharedRun(other, i, j, -1);
      if (run > 0) k += run;
      else if (this.at(i) === other.at(j)) k++;
      else break;
    }
    return Math.min(k, n);
  }

  /**
   * Where value i of this column and value j of `other` are the same memory with the same shift
   * (a part the two versions share), how many values from there on (direction 1) or back
   * (direction −1) are so too, within both parts; else 0. Comparing versions of a long document
   * skips what they share a part at a time.
   */
  private sharedRun(other: ChunkedColumn, i: number, j: number, direction: 1 | -1): number {
    const p = this.partOf(i);
    const q = other.partOf(j);
    const [a, b] = [this.parts[p], other.parts[q]];
    const [ia, jb] = [i - this.firsts[p], j - other.firsts[q]];
    if (a.buffer !== b.buffer || a.byteOffset + ia * 4 !== b.byteOffset + jb * 4 || this.shifts[p] !== other.shifts[q]) return 0;
    return direction === 1 ? Math.min(a.length - ia, b.length - jb) : Math.min(ia, jb) + 1;
  }

  /** Parts it holds: about length / PART however many edits made it (the parts stay between PART / 2 and PART long). */
  get partCount(): number {
    return this.parts.length;
  }

  /** The values in order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let p = 0; p < this.parts.length; p++) for (const v of this.parts[p]) yield v + this.shifts[p];
  }
}

/** The part holding index i, given each part's first index (`firsts`, ascending) and the part count: the last part starting at or before i. */
export function partHolding(firsts: Int32Array, count: number, i: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firsts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
