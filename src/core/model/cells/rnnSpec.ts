/** d2l 9.5's vanilla RNN without tf.js: its float64 step and its fused kernels. */
import type { CellSpec } from './cellSpec';
import { GateBuffers, addVecMat } from './float64';
import { RNN_INFO } from './rnnInfo';

/** d2l 9.5, given z = X_t W_xh + b_h. */
function rnnStep(z: Float64Array, W_h: Float64Array, hPrev: Float64Array, g: GateBuffers): void {
  addVecMat(z, hPrev, W_h, hPrev.length, 0); // + H_{t−1} W_hh
  for (let j = 0; j < hPrev.length; j++) g.H[j] = Math.tanh(z[j]); // H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)
}

export const RNN_SPEC: CellSpec = {
  ...RNN_INFO,
  step64: rnnStep,
  fusedForward: (k, s, act, packed) => k.rnnForward(s.B, s.T, s.h, act.gates, act.hs, packed.recurrent[0]),
  fusedBackward: (k, s, act, packed, batch, dwh) =>
    k.rnnBackward(s.B, s.T, s.h, act.gates, act.hs, batch.dHin, batch.dHnext, packed.recurrentT[0], dwh, batch.packScratch),
  fusedBackwardSteps: (k, s, act, packed, batch) =>
    k.rnnBackwardSteps(s.B, s.T, s.h, act.gates, batch.dHin, batch.dHnext, packed.recurrentT[0]),
};
