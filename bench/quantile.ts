/** The q-quantile of samples (nearest rank): quantile(xs, 0.5) is the median, 0.95 the p95. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil(q * s.length) - 1))];
}
