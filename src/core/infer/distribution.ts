/** The next-token distribution from logits: softmax, log-probabilities and the top k. */

/** One candidate next token and its probability. */
export interface TokenProb {
  readonly token: number;
  readonly prob: number;
}

/** log softmax(y), stable for large logits (the max is subtracted first). */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logZ = max + Math.log(sum);
  return Float64Array.from(logits, (y) => y - logZ);
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  return logSoftmax(logits).map(Math.exp);
}

/** The k most probable tokens, most probable first (ties: lower id first). */
export function topK(probs: ArrayLike<number>, k: number): TokenProb[] {
  return Array.from(probs, (prob, token) => ({ token, prob }))
    .sort((a, b) => b.prob - a.prob || a.token - b.token)
    .slice(0, Math.max(0, k));
}
