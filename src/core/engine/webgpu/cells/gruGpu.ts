/**
 * d2l §10.2's GRU on the GPU, two dispatches per step because the candidate's product needs
 * R ⊙ H of every unit:
 *   1. R = σ(X W_xr + H W_hr + b_r), Z = σ(X W_xz + H W_hz + b_z), and R ⊙ H_{t−1}
 *   2. H̃ = tanh(X W_xh + (R ⊙ H) W_hh + b_h), H = Z ⊙ H + (1 − Z) ⊙ H̃
 * BPTT mirrors them: (1) ∂H_t = ∂H from above + the carry + ∂Z_rz,{t+1} [W_hr | W_hz]ᵀ, then
 * ∂Z_h and ∂Z_z, and the carry Z ⊙ ∂H; (2) ∂(R ⊙ H) = ∂Z_h W_hhᵀ, then ∂Z_r, and the carry
 * gains R ⊙ ∂(R ⊙ H). The carry to the step before lives in dHnext.
 */
import { ACTIVATIONS_WGSL } from '../kernels/activations';
import { FINITE_WGSL } from '../kernels/finiteFlags';
import { productDispatch } from '../kernels/dispatch';
import { gemm, transposedTimes } from '../kernels/gemmKernel';
import { productKernel } from '../kernels/tiledProduct';
import { CellGpu, LayerRecurrence, stepRow } from './cellGpu';

const GRU_RESET_UPDATE = productKernel('gruResetUpdate', 2, { z: 'u32', hPrev: 'u32', rh: 'u32', h: 'u32' }, ACTIVATIONS_WGSL + FINITE_WGSL, `
    let zr = args.z + row * 3u * args.h + col; // R, Z, H̃ of unit col at zr, zr + h, zr + 2h
    let zR = mem[zr] + acc[0];
    let zZ = mem[zr + args.h] + acc[1];
    flagForward(zR);
    flagForward(zZ);
    let R = sigmoid(zR);
    mem[zr] = R;
    mem[zr + args.h] = sigmoid(zZ);
    let k = row * args.h + col;
    mem[args.rh + k] = R * mem[args.hPrev + k]; // R ⊙ H_{t−1}, the input of W_hh`);

const GRU_CANDIDATE_OUT = productKernel('gruCandidateOut', 1, { z: 'u32', hPrev: 'u32', hNext: 'u32', h: 'u32' }, ACTIVATIONS_WGSL + FINITE_WGSL, `
    let zr = args.z + row * 3u * args.h + col;
    let Z = mem[zr + args.h];
    let zH = mem[zr + 2u * args.h] + acc[0];
    flagForward(zH);
    let Ht = tanhStable(zH); // H̃ = tanh(X W_xh + (R ⊙ H) W_hh + b_h)
    mem[zr + 2u * args.h] = Ht;
    let k = row * args.h + col;
    mem[args.hNext + k] = Z * mem[args.hPrev + k] + (1.0 - Z) * Ht; // H = Z ⊙ H + (1 − Z) ⊙ H̃`);

const GRU_BACKWARD_OUT = productKernel('gruBackwardOut', 1, { z: 'u32', hPrev: 'u32', dHin: 'u32', carry: 'u32', last: 'u32', h: 'u32' }, '', `
    let zr = args.z + row * 3u * args.h + col;
    let Z = mem[zr + args.h];
    let Ht = mem[zr + 2u * args.h];
    let k = row * args.h + col;
    let carried = select(mem[args.carry + k], 0.0, args.last == 1u);
    let dH = mem[args.dHin + k] + (carried + acc[0]); // ∂H_t = ∂H from above + what step t+1 handed back
    mem[zr + 2u * args.h] = (dH * (1.0 - Z)) * (1.0 - Ht * Ht); // ∂Z_h = ∂H ⊙ (1 − Z) ⊙ (1 − H̃²)
    mem[zr + args.h] = (dH * (mem[args.hPrev + k] - Ht)) * (Z * (1.0 - Z)); // ∂Z_z = ∂H ⊙ (H_{t−1} − H̃) ⊙ Z(1 − Z)
    mem[args.carry + k] = dH * Z; // the direct path Z ⊙ ∂H to H_{t−1}`);

const GRU_BACKWARD_RESET = productKernel('gruBackwardReset', 1, { z: 'u32', hPrev: 'u32', carry: 'u32', h: 'u32' }, '', `
    let zr = args.z + row * 3u * args.h + col;
    let R = mem[zr];
    let k = row * args.h + col;
    let dRH = acc[0]; // ∂(R ⊙ H) = ∂Z_h W_hhᵀ
    mem[zr] = (dRH * mem[args.hPrev + k]) * (R * (1.0 - R)); // ∂Z_r = ∂(R ⊙ H) ⊙ H_{t−1} ⊙ R(1 − R)
    mem[args.carry + k] = mem[args.carry + k] + dRH * R; // and R ⊙ ∂(R ⊙ H) to H_{t−1}`);

export const GRU_GPU: CellGpu = {
  forwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h } = l;
    const g3 = 3 * h;
    const z = stepRow(l.gates, l, t, g3), hPrev = stepRow(l.hs, l, t, h), rh = stepRow(l.rh, l, t, h);
    // H_{t−1} [W_hr | W_hz], two column groups h apart; then (R ⊙ H_{t−1}) W_hh
    const resetUpdate = { M: B, N: h, K: h, a: hPrev, rsA: h, csA: 1, b: l.wh, rsB: g3, csB: 1, colStride: h };
    const candidate = { M: B, N: h, K: h, a: rh, rsA: h, csA: 1, b: l.wh + 2 * h, rsB: g3, csB: 1, colStride: 0 };
    return [
      productDispatch(GRU_RESET_UPDATE, resetUpdate, { z, hPrev, rh, h }),
      productDispatch(GRU_CANDIDATE_OUT, candidate, { z, hPrev, hNext: stepRow(l.hs, l, t + 1, h), h }),
    ];
  },
  backwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h, T } = l;
    const g3 = 3 * h;
    const last = t === T - 1;
    const z = stepRow(l.gates, l, t, g3), hPrev = stepRow(l.hs, l, t, h);
    // ∂Z_rz,{t+1} [W_hr | W_hz]ᵀ: element (k, j) is W_h[j, k] for k < 2h; none at the last step
    const fromNext = { M: B, N: h, K: last ? 0 : 2 * h, a: last ? z : stepRow(l.gates, l, t + 1, g3), rsA: g3, csA: 1, b: l.wh, rsB: 1, csB: g3, colStride: 0 };
    // ∂Z_h W_hhᵀ: element (k, j) is W_h[j, 2h + k]
    const throughReset = { M: B, N: h, K: h, a: z + 2 * h, rsA: g3, csA: 1, b: l.wh + 2 * h, rsB: 1, csB: g3, colStride: 0 };
    return [
      productDispatch(GRU_BACKWARD_OUT, fromNext, { z, hPrev, dHin: stepRow(l.dHin, l, t, h), carry: l.dHnext, last: last ? 1 : 0, h }),
      productDispatch(GRU_BACKWARD_RESET, throughReset, { z, hPrev, carry: l.dHnext, h }),
    ];
  },
  // ∂W_h = [Σ H_{t−1}ᵀ ∂Z_rz | Σ (R ⊙ H_{t−1})ᵀ ∂Z_h]
  recurrentGradient: (l: LayerRecurrence) => {
    const { h } = l;
    const g3 = 3 * h;
    const rows = l.B * l.T;
    return [
      gemm(transposedTimes(h, 2 * h, rows, { at: l.hs, ld: h }, { at: l.gates, ld: g3 }), { c: l.dwh, ldc: g3 }),
      gemm(transposedTimes(h, h, rows, { at: l.rh, ld: h }, { at: l.gates + 2 * h, ld: g3 }), { c: l.dwh + 2 * h, ldc: g3 }),
    ];
  },
};
