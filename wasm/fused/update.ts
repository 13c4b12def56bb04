/** The update: summing shard gradients, the global gradient norm (d2l's grad_clipping), the SGD step. */
import { at } from './lanes';

/** Σ g² over n floats, in float64 across blocks of float32 lanes; NaN or ∞ anywhere makes it non-finite. */
export function sumSquares(g: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 4 <= n) {
    let acc = f32x4.splat(0);
    const end = min(n, i + 1024) & ~3;
    for (; i < end; i += 4) {
      const v = v128.load(at(g, i));
      acc = f32x4.add(acc, f32x4.mul(v, v));
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
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(s, v128.load(at(g, i)))));
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
