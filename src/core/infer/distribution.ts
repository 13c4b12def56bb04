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
  if (!Number.isFinite(max)) return nonFiniteLogSoftmax(logits, max);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  // (y − max) − log Σ exp(y − max), never max + log Σ …: at max = 1e308 the log Σ would be
  // rounded away and every token would get probability 1.
  const logSum = Math.log(sum);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - max - logSum;
  return out;
}

/**
 * log softmax when the largest logit `max` is not finite: the +∞ logits share all the
 * probability; all −∞, nothing is preferred (uniform); a NaN anywhere (then `max` is NaN) makes
 * every value NaN.
 */
function nonFiniteLogSoftmax(logits: ArrayLike<number>, max: number): Float64Array {
  const out = new Float64Array(logits.length);
  if (Number.isNaN(max)) return out.fill(NaN);
  const top = (y: number) => max === -Infinity || y === max;
  let count = 0;
  for (let i = 0; i < logits.length; i++) if (top(logits[i])) count++;
  for (let i = 0; i < logits.length; i++) out[i] = top(logits[i]) ? -Math.log(count) : -Infinity;
  return out;
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  return logSoftmax(logits).map(Math.exp);
}

/** The k most probable tokens, most probable first (ties: lower id first). */
export function topK(probs: ArrayLike<number>, k: number): TokenProb[] {
  return largest(probs, k).map((token) => ({ token, prob: probs[token] }));
}

/** topK of the probabilities exp(logProbs), exponentiating only the k it keeps. */
export function topKOfLogProbs(logProbs: ArrayLike<number>, k: number): TokenProb[] {
  return largest(logProbs, k).map((token) => ({ token, prob: Math.exp(logProbs[token]) }));
}

/** Beyond this k a full sort is cheaper than keeping a sorted list of k. */
const SELECT_MAX = 16;

/** Indices of the k largest values, largest first (ties: lower index first); a small k in one pass keeping a sorted list of k. */
function largest(values: ArrayLike<number>, k: number): number[] {
  const n = Math.min(Math.max(0, k), values.length);
  if (n > SELECT_MAX) {
    return Array.from(values, (_, i) => i)
      .sort((a, b) => values[b] - values[a] || a - b)
      .slice(0, n);
  }
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const full = kept.length === n;
    if (full && !(n > 0 && v > values[kept[n - 1]])) continue;
    let j = full ? n - 1 : kept.length;
    for (; j > 0 && v > values[kept[j - 1]]; j--) kept[j] = kept[j - 1];
    kept[j] = i;
  }
  return kept;
}
