/**
 * Four-lane multiply-add, exp, σ and tanh for the gate passes (WebAssembly has no SIMD
 * transcendental). Coefficients are Cephes' expf and tanhf: within a few float32 ulps of the
 * exact functions, so the fused engine matches engines that call the platform's exp and tanh to
 * ≤ 1e-6 relative.
 *
 * Every multiply-accumulate of the kernels goes through madd4 / nmadd4. Compiled with
 * `--enable relaxed-simd` (scripts/build-wasm.mjs: fused-relaxed.wasm, fused-threads-relaxed.wasm)
 * they are f32x4.relaxed_madd / relaxed_nmadd, one fused multiply-add where the CPU has FMA (one
 * rounding instead of two, so results differ from the plain build in the last bits); otherwise
 * a multiply and an add. ASC_FEATURE_RELAXED_SIMD is a compile-time constant: the branch not
 * taken is never compiled, so the plain build holds no relaxed instruction.
 */

/** a ⊙ b + c, lane by lane. */
@inline export function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** c − a ⊙ b, lane by lane. */
@inline export function nmadd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

/** Whether this build is the relaxed-SIMD one (1) or the plain SIMD one (0): the engine says which it runs. */
export function relaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}

/** e^x: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial, 2^n through the exponent bits. */
@inline export function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3365)), f32x4.splat(88.3762626647949));
  const n = f32x4.floor(madd4(x, f32x4.splat(1.44269504088896341), f32x4.splat(0.5)));
  // r = x − n·ln2, with ln2 split in a short high part and a correction (Cody–Waite)
  let r = nmadd4(n, f32x4.splat(0.693359375), x);
  r = nmadd4(n, f32x4.splat(-2.12194440e-4), r);
  const r2 = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd4(p, r, f32x4.splat(1.3981999507e-3));
  p = madd4(p, r, f32x4.splat(8.3334519073e-3));
  p = madd4(p, r, f32x4.splat(4.1665795894e-2));
  p = madd4(p, r, f32x4.splat(1.6666665459e-1));
  p = madd4(p, r, f32x4.splat(5.0000001201e-1));
  p = f32x4.add(madd4(p, r2, r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, pow2n);
}

/** σ(x) = 1 / (1 + e^{−x}), accurate in relative terms on both tails. */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh(x): an odd polynomial for |x| < 0.625 (no cancellation near 0), 1 − 2/(e^{2|x|} + 1) beyond. */
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1);
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(exp4(f32x4.add(ax, ax)), one)));
  // restore the sign of x: copy its sign bit onto the positive result
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd4(p, z, f32x4.splat(2.06390887954e-2));
  p = madd4(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd4(p, z, f32x4.splat(1.33314422036e-1));
  p = madd4(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd4(f32x4.mul(p, z), x, x);
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Applies exp4 in place to n floats at p (n need not be a multiple of 4). */
export function expInPlace(p: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + (<usize>i << 2), exp4(v128.load(p + (<usize>i << 2))));
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    store<f32>(q, f32x4.extract_lane(exp4(f32x4.splat(load<f32>(q))), 0));
  }
}
