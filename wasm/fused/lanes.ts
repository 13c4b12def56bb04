/**
 * Loads and stores of up to four floats, so gate passes can walk a row of any width h four
 * units at a time: full vectors go through v128, the last 1–3 units of a row lane by lane.
 */

/** Byte address of float `index` past `base`. */
@inline export function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Floats p[0..n) (n ≥ 4: a whole vector) as four lanes; missing lanes are 0. */
@inline export function ld(p: usize, n: i32): v128 {
  if (n >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first min(n, 4) lanes of v at p. */
@inline export function st(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
