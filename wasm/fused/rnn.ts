/**
 * The plain RNN layer of d2l §9.5: H = tanh(X W_xh + H W_hh + b_h), one [B × h]·[h × h]
 * product and one tanh pass per step. Buffers: gates [T][B][h] (pre-activations on entry,
 * H_t after the forward, ∂pre-activations after the backward); hs [(T+1)][B][h].
 */
import { gemm } from './gemm';
import { at, ld, st } from './lanes';
import { nmadd4, tanh4 } from './mathf4';
import { weightGradient } from './weightGradient';

/** Forward through T steps; `gates` holds X W_xh + b_h on entry. whPacked = packB(W_hh). */
export function rnnForward(B: i32, T: i32, h: i32, gates: usize, hs: usize, whPacked: usize): void {
  const size = B * h;
  for (let t = 0; t < T; t++) {
    const z = at(gates, t * size), hNext = at(hs, (t + 1) * size);
    gemm(B, h, h, at(hs, t * size), h, 1, whPacked, z, h, true);
    for (let k = 0; k < size; k += 4) {
      const n = size - k;
      const H = tanh4(ld(at(z, k), n));
      st(at(z, k), H, n);
      st(at(hNext, k), H, n);
    }
  }
}

/** Backpropagation through time (see lstmBackward); dwh = Σ_t H_{t−1}ᵀ ∂Z_t. whTPacked = packB(W_hhᵀ). */
export function rnnBackward(B: i32, T: i32, h: i32, gates: usize, hs: usize, dHin: usize, dHnext: usize, whTPacked: usize, dwh: usize, packScratch: usize): void {
  memory.fill(dHnext, 0, <usize>(B * h) << 2);
  rnnBackwardSteps(B, T, h, gates, dHin, dHnext, whTPacked);
  weightGradient(dwh, h, hs, h, h, gates, h, h, T * B, packScratch);
}

/** The steps of rnnBackward alone (see lstmBackwardSteps): ∂Z into `gates`, no ∂W_hh, dHnext carried in as it is. */
export function rnnBackwardSteps(B: i32, T: i32, h: i32, gates: usize, dHin: usize, dHnext: usize, whTPacked: usize): void {
  const size = B * h;
  const one = f32x4.splat(1);
  for (let t = T - 1; t >= 0; t--) {
    const z = at(gates, t * size), dH = at(dHin, t * size);
    for (let k = 0; k < size; k += 4) {
      const n = size - k;
      const H = ld(at(z, k), n);
      const d = f32x4.add(ld(at(dH, k), n), ld(at(dHnext, k), n));
      st(at(z, k), f32x4.mul(d, nmadd4(H, H, one)), n); // tanh' = 1 − H²
    }
    gemm(B, h, h, z, h, 1, whTPacked, dHnext, h, false);
  }
}
