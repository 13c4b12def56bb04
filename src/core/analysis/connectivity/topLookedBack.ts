/** The inputs a step "looked back at": its earlier positions of highest connectivity, for the hover. */
import type { StepConnectivity } from './stepConnectivity';

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
export function topLookedBack(step: StepConnectivity, tokens: ArrayLike<number>, n: number): LookedBack[] {
  const { t, byDistance } = step;
  return strongestDistances(byDistance, n).map((k) => ({ position: t - k, distance: k, token: tokens[t - k], connectivity: byDistance[k] }));
}

/** The `n` distances k ≥ 1 of highest connectivity in `byDistance`, highest first (the nearer of equal ones first). */
export function strongestDistances(byDistance: ArrayLike<number>, n: number): number[] {
  const ks = Array.from({ length: Math.max(0, byDistance.length - 1) }, (_, i) => i + 1);
  ks.sort((a, b) => byDistance[b] - byDistance[a] || a - b);
  return ks.slice(0, Math.max(0, n));
}
