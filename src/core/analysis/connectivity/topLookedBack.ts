/** The inputs a step "looked back at": its earlier positions of highest connectivity, for the hover. */
import type { StepConnectivity } from './stepConnectivity';

/** The text's token ids by position: an array, or a document's column (ChunkedColumn). */
export interface TokenIds {
  at(position: number): number | undefined;
}

export interface LookedBack {
  /** s, the position in the text. */
  readonly position: number;
  /** k = t − s ≥ 1. */
  readonly distance: number;
  /** tokens[s]. */
  readonly token: number;
  /** ‖∂loss_t/∂x_s‖₂. */
  readonly connectivity: number;
}

/**
 * The `n` earlier positions (k ≥ 1: the input read at t itself is not looked back at) of
 * highest connectivity, highest first (the nearer of equal ones first).
 */
export function topLookedBack(step: StepConnectivity, tokens: TokenIds, n: number): LookedBack[] {
  const { t, byDistance } = step;
  return strongestDistances(byDistance, n).map((k) => ({ position: t - k, distance: k, token: tokens.at(t - k) as number, connectivity: byDistance[k] }));
}

/** The `n` distances k ≥ 1 of highest connectivity in `byDistance`, highest first (the nearer of equal ones first). */
export function strongestDistances(byDistance: ArrayLike<number>, n: number): number[] {
  const ks = Array.from({ length: Math.max(0, byDistance.length - 1) }, (_, i) => i + 1);
  ks.sort((a, b) => byDistance[b] - byDistance[a] || a - b);
  return ks.slice(0, Math.max(0, n));
}
