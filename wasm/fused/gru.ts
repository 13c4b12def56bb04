/**
 * The GRU layer of d2l §10.2, fused. Per step two products: H·[W_hr | W_hz] for both gates,
 * then (R ⊙ H)·W_hh for the candidate, each followed by an elementwise pass:
 *   R = σ(X W_xr + H W_hr + b_r)      Z = σ(X W_xz + H W_hz + b_z)
 *   H̃ = tanh(X W_xh + (R ⊙ H) W_hh + b_h)
 *   H = Z ⊙ H + (1 − Z) ⊙ H̃
 * Buffers (floats): gates [T][B][3h] in packing order R, Z, H̃ (pre-activations on entry,
 * activations after the forward, ∂pre-activations after the backward); hs [(T+1)][B][h] with
 * slot 0 the initial state; rh [T][B][h] keeps R ⊙ H_{t−1} for ∂W_hh.
 */
import { gemm } from './gemm';
import { at, ld, st } from './lanes';
import { madd4, nmadd4, sigmoid4, tanh4 } from './mathf4';
import { weightGradient } from './weightGradient';

/** Forward through T steps; `gates` holds X W_x + b on entry. wRZ = packB(W_h[:, :2h]), wHH = packB(W_h[:, 2h:]). */
export function gruForward(B: i32, T: i32, h: i32, gates: usize, hs: usize, rh: usize, wRZ: usize, wHH: usize): void {
  const g3 = 3 * h;
  for (let t = 0; t < T; t++) {
    const z = at(gates, t * B * g3), hPrev = at(hs, t * B * h), rhT = at(rh, t * B * h);
    gemm(B, 2 * h, h, hPrev, h, 1, wRZ, z, g3, true);
    gruResetUpdate(B, h, z, hPrev, rhT);
    gemm(B, h, h, rhT, h, 1, wHH, at(z, 2 * h), g3, true);
    gruCandidateOut(B, h, z, hPrev, at(hs, (t + 1) * B * h));
  }
}

/** R, Z = σ(…) in place and R ⊙ H_{t−1}, the input of the candidate's product. */
function gruResetUpdate(B: i32, h: i32, z: usize, hPrev: usize, rh: usize): void {
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 3 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pR = at(row, j), pZ = at(pR, h);
      const R = sigmoid4(ld(pR, n));
      st(pR, R, n);
      st(pZ, sigmoid4(ld(pZ, n)), n);
      const k = b * h + j;
      st(at(rh, k), f32x4.mul(R, ld(at(hPrev, k), n)), n);
    }
  }
}

/** H̃ = tanh(…) in place and H = Z ⊙ H + (1 − Z) ⊙ H̃. */
function gruCandidateOut(B: i32, h: i32, z: usize, hPrev: usize, hNext: usize): void {
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 3 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pZ = at(row, h + j), pH = at(pZ, h);
      const Z = ld(pZ, n), Ht = tanh4(ld(pH, n));
      st(pH, Ht, n);
      const k = b * h + j;
      st(at(hNext, k), madd4(Z, ld(at(hPrev, k), n), f32x4.mul(f32x4.sub(one, Z), Ht)), n);
    }
  }
}

/**
 * Backpropagation through time (see lstmBackward for dHin, dHnext and packScratch); dRH [B][h]
 * is scratch for ∂(R ⊙ H). wRZT = packB(W_h[:, :2h]ᵀ), wHHT = packB(W_h[:, 2h:]ᵀ).
 * On return `gates` holds ∂Z and dwh [h][3h] = [Σ H_{t−1}ᵀ ∂Z_rz | Σ (R ⊙ H_{t−1})ᵀ ∂Z_h].
 */
export function gruBackward(B: i32, T: i32, h: i32, gates: usize, hs: usize, rh: usize, dHin: usize, dHnext: usize, dRH: usize, wRZT: usize, wHHT: usize, dwh: usize, packScratch: usize): void {
  const g3 = 3 * h;
  memory.fill(dHnext, 0, <usize>(B * h) << 2);
  gruBackwardSteps(B, T, h, gates, hs, dHin, dHnext, dRH, wRZT, wHHT);
  const rows = T * B;
  weightGradient(dwh, g3, hs, h, h, gates, g3, 2 * h, rows, packScratch);
  weightGradient(at(dwh, 2 * h), g3, rh, h, h, at(gates, 2 * h), g3, h, rows, packScratch);
}

/** The steps of gruBackward alone (see lstmBackwardSteps): ∂Z into `gates`, no ∂W_h, dHnext carried in as it is. */
export function gruBackwardSteps(B: i32, T: i32, h: i32, gates: usize, hs: usize, dHin: usize, dHnext: usize, dRH: usize, wRZT: usize, wHHT: usize): void {
  const g3 = 3 * h;
  for (let t = T - 1; t >= 0; t--) {
    const z = at(gates, t * B * g3), hPrev = at(hs, t * B * h);
    gruBackwardOut(B, h, z, hPrev, at(dHin, t * B * h), dHnext);
    gemm(B, h, h, at(z, 2 * h), g3, 1, wHHT, dRH, h, false); // ∂(R ⊙ H) = ∂Z_h · W_hhᵀ
    gruBackwardReset(B, h, z, hPrev, dRH, dHnext);
    gemm(B, h, 2 * h, z, g3, 1, wRZT, dHnext, h, true); // ∂H_{t−1} += ∂Z_rz · [W_hr | W_hz]ᵀ
  }
}

/** ∂ through H = Z ⊙ H + (1 − Z) ⊙ H̃: ∂Z_h and ∂Z_z in place, the direct path Z ⊙ ∂H into dHnext. */
function gruBackwardOut(B: i32, h: i32, z: usize, hPrev: usize, dHin: usize, dHnext: usize): void {
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 3 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pZ = at(row, h + j), pH = at(pZ, h);
      const Z = ld(pZ, n), Ht = ld(pH, n);
      const k = b * h + j;
      const dH = f32x4.add(ld(at(dHin, k), n), ld(at(dHnext, k), n));
      st(pH, f32x4.mul(f32x4.mul(dH, f32x4.sub(one, Z)), nmadd4(Ht, Ht, one)), n);
      st(pZ, f32x4.mul(f32x4.mul(dH, f32x4.sub(ld(at(hPrev, k), n), Ht)), f32x4.mul(Z, f32x4.sub(one, Z))), n);
      st(at(dHnext, k), f32x4.mul(dH, Z), n);
    }
  }
}

/** ∂ through R ⊙ H_{t−1}: ∂Z_r in place, R ⊙ ∂(R ⊙ H) added to dHnext. */
function gruBackwardReset(B: i32, h: i32, z: usize, hPrev: usize, dRH: usize, dHnext: usize): void {
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const row = at(z, b * 3 * h);
    for (let j = 0; j < h; j += 4) {
      const n = h - j;
      const pR = at(row, j);
      const R = ld(pR, n);
      const k = b * h + j;
      const d = ld(at(dRH, k), n);
      st(pR, f32x4.mul(f32x4.mul(d, ld(at(hPrev, k), n)), f32x4.mul(R, f32x4.sub(one, R))), n);
      st(at(dHnext, k), madd4(d, R, ld(at(dHnext, k), n)), n);
    }
  }
}
