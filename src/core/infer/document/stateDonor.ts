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
 * version reads on itself.
 *
 * Where the earlier version's checkpoints are spaced out (hundreds of tokens apart on a long
 * document), the states it kept between them near the edit (its near states, every 32 tokens)
 * are meeting points too: a keystroke's read then ends a few dozen tokens past it, not at the
 * next checkpoint. Only checkpoints are handed over as checkpoints. vscode-free.
 */
import type { InferState } from '../inferState';
import type { UnitTrack } from './unitTrack';

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

/** The states of `states` at positions in [from, until] once shifted by `shift`. */
const inRange = (states: readonly Checkpoint[], from: number, until: number, shift: number): Checkpoint[] => states.filter((c) => c.at + shift >= from && c.at + shift <= until);

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
    /** Its near states there, by position: where the states may meet too, not handed over. */
    private readonly near: readonly Checkpoint[],
    /** The earlier version's unit values (NaN: not computed), by track key, by its own indices. */
    private readonly tracks: ReadonlyMap<string, UnitTrack>,
  ) {}

  /**
   * An earlier version's read, for a newer version that shares tokens [from, until) with it
   * (the earlier one's [from − shift, until − shift)); undefined when it kept no state there.
   * `near`: the states it kept between its checkpoints (by position), offered as meeting points.
   */
  static of(from: number, until: number, shift: number, checkpoints: readonly Checkpoint[], tracks: ReadonlyMap<string, UnitTrack>, near: readonly Checkpoint[] = []): StateDonor | undefined {
    const kept = inRange(checkpoints, from, until, shift);
    const meet = inRange(near, from, until, shift);
    return kept.length + meet.length > 0 ? new StateDonor(from, until, shift, kept, meet, tracks) : undefined;
  }

  /**
   * The same read seen from a version newer still, which keeps this donor's version's tokens
   * before `same` and shares its tokens from `from` on (its indices `shift` more there): the
   * pieces before and after the edit that are left.
   */
  rebase(same: number, from: number, shift: number): StateDonor[] {
    const before = StateDonor.of(this.from, Math.min(this.until, same), this.shift, this.checkpoints, this.tracks, this.near);
    const after = StateDonor.of(Math.max(from, this.from + shift), this.until + shift, this.shift + shift, this.checkpoints, this.tracks, this.near);
    return [before, after].filter((d): d is StateDonor => d !== undefined);
  }

  /** The index in `states` of the first one after position t (newer indices); their count when none. */
  private firstAfter(states: readonly Checkpoint[], t: number): number {
    let lo = 0;
    let hi = states.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (states[mid].at + this.shift > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The first position (newer indices) after `t` where `states` has one, or Infinity. */
  private nextIn(states: readonly Checkpoint[], t: number): number {
    const i = this.firstAfter(states, t);
    return i < states.length ? states[i].at + this.shift : Infinity;
  }

  /** The state `states` keeps at position t (newer indices), if any. */
  private keptIn(states: readonly Checkpoint[], t: number): Checkpoint | undefined {
    const c = states[this.firstAfter(states, t - 1)];
    return c && c.at + this.shift === t ? { at: t, state: c.state } : undefined;
  }

  /** The first meeting point (a checkpoint or a near state, newer indices) after `t`, or Infinity. */
  nextAfter(t: number): number {
    return Math.min(this.nextIn(this.checkpoints, t), this.nextIn(this.near, t));
  }

  /** The donor's state at position t (newer indices), if it kept one there (a checkpoint or a near state). */
  at(t: number): Checkpoint | undefined {
    return this.keptIn(this.checkpoints, t) ?? this.keptIn(this.near, t);
  }

  /** Whether the donor's state at position t is one of its checkpoints (not only a near state). */
  hasCheckpointAt(t: number): boolean {
    return this.keptIn(this.checkpoints, t) !== undefined;
  }

  /** The donor's near states at positions in (t, until], in newer indices. */
  nearBetween(t: number, until: number): Checkpoint[] {
    const out: Checkpoint[] = [];
    for (let i = this.firstAfter(this.near, t); i < this.near.length && this.near[i].at + this.shift <= until; i++) out.push({ at: this.near[i].at + this.shift, state: this.near[i].state });
    return out;
  }

  /** The donor's checkpoints after position t, in newer indices. */
  after(t: number): Checkpoint[] {
    return this.checkpoints.slice(this.firstAfter(this.checkpoints, t)).map((k) => ({ at: k.at + this.shift, state: k.state }));
  }

  /**
   * Writes the donor's values of a unit for positions in [t, until) into `values` (newer
   * indices), NaN where it has none: its parts shared (UnitTrack.takeOver), not a copy of the rest of a long document.
   * Both versions' values there are right once the states met before t, so a value of the
   * newer version's own that this replaces by NaN is only read again.
   */
  fill(key: string, values: UnitTrack, t: number): void {
    const mine = this.tracks.get(key);
    if (mine) values.takeOver(mine, Math.max(t, this.from), this.until, this.shift);
  }
}
