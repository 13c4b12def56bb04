/** d2l 10.2's GRU without tf.js: its float64 step and its fused kernels. */
import type { CellSpec } from './cellSpec';
import { GateBuffers, addVecMat, sigmoid } from './float64';
import { GRU_INFO } from './gruInfo';

/** d2l 10.2, given z = X_t W_x* + b_* for R, Z, H̃. */
function gruStep(z: Float64Array, W_h: Float64Array, hPrev: Float64Array, g: GateBuffers): void {
  const h = hPrev.length;
  addVecMat(z.subarray(0, 2 * h), hPrev, W_h, 3 * h, 0); // + H_{t−1} W_hr, H_{t−1} W_hz
  for (let j = 0; j < h; j++) {
    g.R[j] = sigmoid(z[j]); // R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)
    g.Z[j] = sigmoid(z[h + j]); // Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)
  }
  const resetH = g.R.map((r, j) => r * hPrev[j]); // R_t ⊙ H_{t−1}
  addVecMat(z.subarray(2 * h), resetH, W_h, 3 * h, 2 * h); // + (R_t ⊙ H_{t−1}) W_hh
  for (let j = 0; j < h; j++) {
    g.H_tilde[j] = Math.tanh(z[2 * h + j]); // H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)
    g.H[j] = g.Z[j] * hPrev[j] + (1 - g.Z[j]) * g.H_tilde[j]; // H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
  }
}

export const GRU_SPEC: CellSpec = {
  ...GRU_INFO,
  step64: gruStep,
  fusedForward: (k, s, act, packed) => k.gruForward(s.B, s.T, s.h, act.gates, act.hs, act.rh, packed.recurrent[0], packed.recurrent[1]),
  fusedBackward: (k, s, act, packed, batch, dwh) =>
    k.gruBackward(s.B, s.T, s.h, act.gates, act.hs, act.rh, batch.dHin, batch.dHnext, batch.dAux, packed.recurrentT[0], packed.recurrentT[1], dwh, batch.packScratch),
  fusedBackwardSteps: (k, s, act, packed, batch) =>
    k.gruBackwardSteps(s.B, s.T, s.h, act.gates, act.hs, batch.dHin, batch.dHnext, batch.dAux, packed.recurrentT[0], packed.recurrentT[1]),
};
