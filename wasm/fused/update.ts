/** The update: summing shard gradients, the global gradient norm (d2l's grad_clipping), the SGD step. */
import { at } from './lanes';
import { madd4, nmadd4 } from './mathf4';

/** Σ g² over n floats, in float64 across blocks of float32 lanes; NaN or ∞ anywhere makes it non-finite. */
export function sumSquares(g: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 4 <= n) {
    let acc = f32x4.splat(0);
    const end = min(n, i + 1024) & ~3;
    for (; i < end; i += 4) {
      const v = v128.load(at(g, i));
      acc = madd4(v, v, acc);
    }
    total += <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + <f64>(f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  }
  for (; i < n; i++) {
    const v = <f64>load<f32>(at(g, i));
    total += v * v;
  }
  return total;
}

/** θ ← θ − step·g over n floats (step = η·clip scale). */
export function sgdStep(theta: usize, g: usize, n: i32, step: f32): void {
  const s = f32x4.splat(step);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = at(theta, i);
    v128.store(p, nmadd4(s, v128.load(at(g, i)), v128.load(p)));
  }
  for (; i < n; i++) store<f32>(at(theta, i), load<f32>(at(theta, i)) - step * load<f32>(at(g, i)));
}

/** dst += src over n floats: a thread's share of ∂θ into the total. */
export function addInPlace(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = at(dst, i);
    v128.store(p, f32x4.add(v128.load(p), v128.load(at(src, i))));
  }
  for (; i < n; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) + load<f32>(at(src, i)));
}

/**
 * One Adam step over n floats with every gradient scaled by `scale` (the clip factor), as
 * TfjsOptimizer and torch.optim.Adam: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
 * θ ← θ − η · (m / c1) / (√(v / c2) + ε), with the bias corrections c1 = 1 − β1^t, c2 = 1 − β2^t.
 */
export function adamStep(theta: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, scale: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32): void {
  const s = f32x4.splat(scale), b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const a1 = f32x4.splat(1 - beta1), a2 = f32x4.splat(1 - beta2);
  const inv1 = f32x4.splat(1 / c1), inv2 = f32x4.splat(1 / c2), e = f32x4.splat(eps), rate = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = f32x4.mul(s, v128.load(at(g, i)));
    const mi = madd4(b1, v128.load(at(m, i)), f32x4.mul(a1, gi));
    const vi = madd4(b2, v128.load(at(v, i)), f32x4.mul(a2, f32x4.mul(gi, gi)));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const step = f32x4.div(f32x4.mul(mi, inv1), f32x4.add(f32x4.sqrt(f32x4.mul(vi, inv2)), e));
    v128.store(at(theta, i), nmadd4(rate, step, v128.load(at(theta, i))));
  }
  for (; i < n; i++) {
    const gi = scale * load<f32>(at(g, i));
    const mi = beta1 * load<f32>(at(m, i)) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(at(v, i)) + (1 - beta2) * gi * gi;
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    store<f32>(at(theta, i), load<f32>(at(theta, i)) - lr * ((mi / c1) / (Mathf.sqrt(vi / c2) + eps)));
  }
}
