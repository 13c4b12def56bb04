/**
 * The LSTM layer of d2l §10.1, fused: per step one [B × h]·[h × 4h] product with the packed
 * recurrent weights W_h = [W_hi | W_hf | W_ho | W_hc], then one elementwise pass for all gates:
 *   I = σ(X W_xi + H W_hi + b_i)      F = σ(X W_xf + H W_hf + b_f)
 *   O = σ(X W_xo + H W_ho + b_o)      C̃ = tanh(X W_xc + H W_hc + b_c)
 *   C = F ⊙ C + I ⊙ C̃                 H = O ⊙ tanh(C)
 * Buffers (floats, row-major): gates [T][B][4h] in packing order I, F, O, C̃ (pre-activations
 * on entry, activations after the forward, ∂pre-activations after the backward);
 * hs, cs [(T+1)][B][h] with slot 0 the initial state; tanhC [T][B][h] keeps tanh(C_t) for BPTT.
 */
import { gemm } from './gemm';
import { at, ld, st } from './lanes';
import { madd4, nmadd4, sigmoid4, tanh4 } from './mathf4';
import { weightGradient } from './weightGradient';

/** Forward through T steps; `gates` holds X W_x + b for every step on entry. whPacked = packB(W_h). */
export function lstmForward(B: i32, T: i32, h: i32, gates: usize, hs: usize, cs: usize, tanhC: usize, whPacked: usize): void {
  const g4 = 4 * h;
  for (let t = 0; t < T; t++) {
    const z = at(gates, t * B * g4);
    gemm(B, g4, h, at(hs, t * B * h), h, 1, whPacked, z, g4, true);
    lstmCellForward(B, h, z, at(cs, t * B * h), at(cs, (t + 1) * B * h), at(tanhC, t * B * h), at(hs, (t + 1) * B * h));
  }
}

/** One step's gate pass: pre-activations → I, F, O, C̃ in place, C_t, tanh(C_t) and H_t out. */
function lstmCellForward(B: i32, h: i32, z: usize, cPrev: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 4 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pI = at(row, j), pF = at(pI, h), pO = at(pF, h), pC = at(pO, h);
      const I = sigmoid4(ld(pI, n)), F = sigmoid4(ld(pF, n)), O = sigmoid4(ld(pO, n)), Ct = tanh4(ld(pC, n));
      st(pI, I, n); st(pF, F, n); st(pO, O, n); st(pC, Ct, n);
      const k = b * h + j;
      const C = madd4(F, ld(at(cPrev, k), n), f32x4.mul(I, Ct)); // C = F ⊙ C + I ⊙ C̃
      st(at(cNext, k), C, n);
      const tc = tanh4(C);
      st(at(tanhC, k), tc, n);
      st(at(hNext, k), f32x4.mul(O, tc), n); // H = O ⊙ tanh(C)
    }
  }
}

/**
 * Backpropagation through time. dHin [T][B][h] is ∂loss/∂H_t from above (head or next layer);
 * dHnext, dCnext [B][h] are scratch for the gradient flowing to the previous step. On return
 * `gates` holds ∂Z (the pre-activation gradients) and dwh = Σ_t H_{t−1}ᵀ ∂Z_t.
 * whTPacked = packB(W_hᵀ); packScratch holds packedBSize(T·B, 4h) floats.
 */
export function lstmBackward(B: i32, T: i32, h: i32, gates: usize, hs: usize, cs: usize, tanhC: usize, dHin: usize, dHnext: usize, dCnext: usize, whTPacked: usize, dwh: usize, packScratch: usize): void {
  memory.fill(dHnext, 0, <usize>(B * h) << 2);
  memory.fill(dCnext, 0, <usize>(B * h) << 2);
  lstmBackwardSteps(B, T, h, gates, cs, tanhC, dHin, dHnext, dCnext, whTPacked);
  weightGradient(dwh, 4 * h, hs, h, h, gates, 4 * h, 4 * h, T * B, packScratch);
}

/**
 * The steps of lstmBackward alone: ∂Z into `gates`, no ∂W_h, and dHnext, dCnext carried in as
 * they are (not zeroed), so a caller can run BPTT a step at a time with its own carries (the
 * input gradients of src/core/analysis/connectivity need no weight gradient).
 */
export function lstmBackwardSteps(B: i32, T: i32, h: i32, gates: usize, cs: usize, tanhC: usize, dHin: usize, dHnext: usize, dCnext: usize, whTPacked: usize): void {
  const g4 = 4 * h;
  for (let t = T - 1; t >= 0; t--) {
    const z = at(gates, t * B * g4);
    lstmCellBackward(B, h, z, at(cs, t * B * h), at(tanhC, t * B * h), at(dHin, t * B * h), dHnext, dCnext);
    gemm(B, h, g4, z, g4, 1, whTPacked, dHnext, h, false); // ∂H_{t−1} = ∂Z_t · W_hᵀ
  }
}

/** One step backwards through the gate pass: activations → ∂pre-activations in place; ∂C carried in dCnext. */
function lstmCellBackward(B: i32, h: i32, z: usize, cPrev: usize, tanhC: usize, dHin: usize, dHnext: usize, dCnext: usize): void {
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 4 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pI = at(row, j), pF = at(pI, h), pO = at(pF, h), pC = at(pO, h);
      const I = ld(pI, n), F = ld(pF, n), O = ld(pO, n), Ct = ld(pC, n);
      const k = b * h + j;
      const dH = f32x4.add(ld(at(dHin, k), n), ld(at(dHnext, k), n));
      const tc = ld(at(tanhC, k), n);
      // ∂C = ∂C_next + ∂H ⊙ O ⊙ (1 − tanh²(C))
      const dC = madd4(f32x4.mul(dH, O), nmadd4(tc, tc, one), ld(at(dCnext, k), n));
      // σ' = s(1 − s), tanh' = 1 − t²
      st(pI, f32x4.mul(f32x4.mul(dC, Ct), f32x4.mul(I, f32x4.sub(one, I))), n);
      st(pF, f32x4.mul(f32x4.mul(dC, ld(at(cPrev, k), n)), f32x4.mul(F, f32x4.sub(one, F))), n);
      st(pO, f32x4.mul(f32x4.mul(dH, tc), f32x4.mul(O, f32x4.sub(one, O))), n);
      st(pC, f32x4.mul(f32x4.mul(dC, I), nmadd4(Ct, Ct, one)), n);
      st(at(dCnext, k), f32x4.mul(dC, F), n); // ∂C_{t−1} = ∂C ⊙ F
    }
  }
}
