/** d2l 10.1's LSTM without tf.js: its float64 step and its fused kernels. */
import type { CellSpec } from './cellSpec';
import { GateBuffers, addVecMat, sigmoid } from './float64';
import { LSTM_INFO } from './lstmInfo';

/** d2l 10.1, given z = X_t W_x* + b_* for I, F, O, C̃. */
function lstmStep(z: Float64Array, W_h: Float64Array, hPrev: Float64Array, g: GateBuffers, cPrev?: Float64Array): void {
  if (!cPrev) throw new Error('An LSTM state needs a memory cell C');
  const h = hPrev.length;
  addVecMat(z, hPrev, W_h, 4 * h, 0); // + H_{t−1} W_h* for the four gates
  for (let j = 0; j < h; j++) {
    g.I[j] = sigmoid(z[j]); // I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)
    g.F[j] = sigmoid(z[h + j]); // F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)
    g.O[j] = sigmoid(z[2 * h + j]); // O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)
    g.C_tilde[j] = Math.tanh(z[3 * h + j]); // C̃_t = tanh(X_t W_xc + H_{t−1} W_hc + b_c)
    g.C[j] = g.F[j] * cPrev[j] + g.I[j] * g.C_tilde[j]; // C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    g.H[j] = g.O[j] * Math.tanh(g.C[j]); // H_t = O_t ⊙ tanh(C_t)
  }
}

export const LSTM_SPEC: CellSpec = {
  ...LSTM_INFO,
  step64: lstmStep,
  fusedForward: (k, s, act, packed) => k.lstmForward(s.B, s.T, s.h, act.gates, act.hs, act.cs, act.tanhC, packed.recurrent[0]),
  fusedBackward: (k, s, act, packed, batch, dwh) =>
    k.lstmBackward(s.B, s.T, s.h, act.gates, act.hs, act.cs, act.tanhC, batch.dHin, batch.dHnext, batch.dAux, packed.recurrentT[0], dwh, batch.packScratch),
  fusedBackwardSteps: (k, s, act, packed, batch) =>
    k.lstmBackwardSteps(s.B, s.T, s.h, act.gates, act.cs, act.tanhC, batch.dHin, batch.dHnext, batch.dAux, packed.recurrentT[0]),
};
