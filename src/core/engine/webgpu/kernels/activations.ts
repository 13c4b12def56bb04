/**
 * σ and tanh in WGSL, written out rather than taken from the built-ins: some drivers' tanh
 * returns NaN for large |x| (e^{2x} overflows). The forms are those of the fused WASM engine's
 * mathf4 (an odd polynomial for tanh near 0, where 1 − 2/(e^{2|x|} + 1) would cancel), so both
 * engines round alike; exp's argument is not clamped as there (e^x overflowing to ∞ gives the
 * right limits, σ → 0 and tanh → ±1). A NaN does not survive them on every GPU (SwiftShader's
 * exp(NaN) is ∞, so σ(NaN) = 0): the kernels flag their inputs first (finiteFlags).
 */
export const ACTIVATIONS_WGSL = `
// σ(x) = 1 / (1 + e^{−x})
fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

// tanh(x): Cephes' tanhf polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) with x's sign beyond
fn tanhStable(x: f32) -> f32 {
  let ax = abs(x);
  if (ax >= 0.625) {
    let big = 1.0 - 2.0 / (exp(ax + ax) + 1.0);
    return select(big, -big, x < 0.0);
  }
  let z = x * x;
  var p = -5.70498872745e-3;
  p = p * z + 2.06390887954e-2;
  p = p * z - 5.37397155531e-2;
  p = p * z + 1.33314422036e-1;
  p = p * z - 3.33332819422e-1;
  return p * z * x + x;
}
`;
