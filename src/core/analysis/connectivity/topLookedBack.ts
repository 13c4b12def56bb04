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
  const all: LookedBack[] = [];
  for (let k = 1; k < byDistance.length; k++) all.push({ position: t - k, distance: k, token: tokens[t - k], connectivity: byDistance[k] });
  all.sort((a, b) => b.connectivity - a.connectivity || a.distance - b.distance);
  return all.slice(0, Math.max(0, n));
}
