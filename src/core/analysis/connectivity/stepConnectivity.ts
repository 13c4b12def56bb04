/**
 * Gradient connectivity (Madsen 2019, "Visualizing memorization in RNNs", Distill): how much the
 * loss at step t, −log p(tokens[t+1]), responds to each earlier input. For s ≤ t it is
 * ‖∂loss_t/∂x_s‖₂, the gradient with respect to the one-hot input row x_s (a V-vector), back to
 * `window` characters: the window reads tokens[t−K..t], K = min(window, t), from the model's real
 * state after tokens[0..t−K−1], detached (zero when t − K = 0), so the numbers are those of the
 * gradient through the whole text truncated K steps back.
 */

/** The default reach: 200 characters back (k = 0..200, 201 inputs). */
export const DEFAULT_WINDOW = 200;

/** One step's connectivity: byDistance[k] = ‖∂loss_t/∂x_{t−k}‖₂ for k = 0..K (k = 0 is the input read at t itself). */
export interface StepConnectivity {
  readonly t: number;
  readonly byDistance: Float32Array;
}

/**
 * K = min(window, t) for step `t` of a text of `textLength` tokens; throws when the step has no
 * next token to predict (t must be in 0..textLength − 2) or the window is not a positive integer.
 */
export function reachOf(textLength: number, t: number, window: number): number {
  if (!Number.isInteger(window) || window < 1) throw new Error(`Connectivity window must be a positive integer, got ${String(window)}`);
  if (textLength < 2) throw new Error(`Connectivity needs a text of at least 2 tokens (a step and the token it predicts), got ${textLength}`);
  if (!Number.isInteger(t) || t < 0 || t > textLength - 2) {
    throw new Error(`Connectivity step ${String(t)} is outside 0..${textLength - 2} (a step needs the next of the text's ${textLength} tokens as its target)`);
  }
  return Math.min(window, t);
}
