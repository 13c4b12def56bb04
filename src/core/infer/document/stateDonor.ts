/**
 * What an earlier version of a document read past an edit, offered to the new version.
 *
 * The state before token t depends on every token before t, so an edit changes the state after
 * it. But an LSTM forgets: the forget gate F_t scales the old cell state at every step
 * (d2l (10.1.4), C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t), so the effect of an edit fades as the same
 * text follows. For a model trained on The Time Machine the two states differ by about 1 after
 * the edit, by 1e−5 twenty characters on, and by float32 rounding (≈ 1e−7) fifty characters
 * on, and stay there. When the new version's state at one of the earlier version's checkpoints
 * is within STATE_TOLERANCE of it, everything the earlier version read from there on (its
 * checkpoints and unit values, up to the next edit) is the new version's too, to the same rounding. A model that
 * remembers the edit (a unit counting quotes, say) never meets the tolerance, and the new
 * version reads on itself. vscode-free.
 */
import type { InferState } from '../inferState';

/** A state kept before token `at`. */
export interface Checkpoint {
  readonly at: number;
  readonly state: InferState;
}

/**
 * How close two states must be to be taken as the same, elementwise and absolutely, for H and C
 * alike: about eight float32 rounding steps near 1. The noise left between two reads of the
 * same text from states an edit apart is 1e−7 to 3e−7. Absolute for C too: a unit that counts
 * (F = 1) keeps a difference in C for good, and it shows in H = O ⊙ tanh(C) whenever C comes
 * back near 0, however large C was when the states were compared.
 */
export const STATE_TOLERANCE = 1e-6;

/** Pieces of earlier versions' reads kept per document version at most (an edit splits one in two). */
export const MAX_DONORS = 16;

export function sameState(a: InferState, b: InferState, tolerance = STATE_TOLERANCE): boolean {
  return within(a.h, b.h, tolerance) && (!a.c || !b.c || within(a.c, b.c, tolerance));
}

function within(a: Float64Array, b: Float64Array, tolerance: number): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tolerance)) return false;
  return true;
}

/**
 * A piece of one earlier version's read, seen from a newer version: from token `from` to token
 * `until`, the newer version's token t is the earlier one's token t − shift.
 */
export class StateDonor {
  private constructor(
    /** The first token (in the newer version) of the text both share. */
    readonly from: number,
    /** The end of the shared text (newer indices, exclusive; Infinity: to the end of both). */
    readonly until: number,
    /** The earlier version's index of a token is the newer one's minus `shift`. */
    readonly shift: number,
    /** The earlier version's checkpoints at positions in [from, until] (newer indices), by its own indices. */
    private readonly checkpoints: readonly Checkpoint[],
    /** The earlier version's unit values (NaN: not computed), by track key, by its own indices. */
    private readonly tracks: ReadonlyMap<string, Float32Array>,
  ) {}

  /**
   * An earlier version's read, for a newer version that shares tokens [from, until) with it
   * (the earlier one's [from − shift, until − shift)); undefined when it kept no state there.
   */
  static of(from: number, until: number, shift: number, checkpoints: readonly Checkpoint[], tracks: ReadonlyMap<string, Float32Array>): StateDonor | undefined {
    const kept = checkpoints.filter((c) => c.at + shift >= from && c.at + shift <= until);
    return kept.length > 0 ? new StateDonor(from, until, shift, kept, tracks) : undefined;
  }

  /**
   * The same read seen from a version newer still, which keeps this donor's version's tokens
   * before `same` and shares its tokens from `from` on (its indices `shift` more there): the
   * pieces before and after the edit that are left.
   */
  rebase(same: number, from: number, shift: number): StateDonor[] {
    const before = StateDonor.of(this.from, Math.min(this.until, same), this.shift, this.checkpoints, this.tracks);
    const after = StateDonor.of(Math.max(from, this.from + shift), this.until + shift, this.shift + shift, this.checkpoints, this.tracks);
    return [before, after].filter((d): d is StateDonor => d !== undefined);
  }

  /** The index of the donor's first checkpoint after position t (newer indices); its count when none. */
  private firstAfter(t: number): number {
    let lo = 0;
    let hi = this.checkpoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.checkpoints[mid].at + this.shift > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The first checkpoint position (newer indices) after `t`, or Infinity. */
  nextAfter(t: number): number {
    const i = this.firstAfter(t);
    return i < this.checkpoints.length ? this.checkpoints[i].at + this.shift : Infinity;
  }

  /** The donor's checkpoint at position t (newer indices), if it has one there. */
  at(t: number): Checkpoint | undefined {
    const c = this.checkpoints[this.firstAfter(t - 1)];
    return c && c.at + this.shift === t ? { at: t, state: c.state } : undefined;
  }

  /** The donor's checkpoints after position t, in newer indices. */
  after(t: number): Checkpoint[] {
    return this.checkpoints.slice(this.firstAfter(t)).map((k) => ({ at: k.at + this.shift, state: k.state }));
  }

  /** Copies the donor's values of a unit for positions in [t, until) into `values` (newer indices), where it has them. */
  fill(key: string, values: Float32Array, t: number): void {
    const mine = this.tracks.get(key);
    if (!mine) return;
    for (let i = Math.max(t, this.from); i < Math.min(values.length, this.until); i++) {
      const v = mine[i - this.shift];
      if (!Number.isNaN(v) && v !== undefined) values[i] = v;
    }
  }
}
