/**
 * d2l §10.1's LSTM on the GPU. A forward step is one dispatch: each thread owns unit j of
 * sequence b, computes its four gates' recurrent products (the tiled product with four column
 * groups) and then
 *   I = σ(X W_xi + H W_hi + b_i)      F = σ(X W_xf + H W_hf + b_f)
 *   O = σ(X W_xo + H W_ho + b_o)      C̃ = tanh(X W_xc + H W_hc + b_c)
 *   C = F ⊙ C + I ⊙ C̃                 H = O ⊙ tanh(C)
 * A BPTT step is one dispatch too: ∂H_t = ∂H from above + ∂Z_{t+1} W_hᵀ (the product), then
 * the gate pass backwards with ∂C carried per unit in dAux.
 */
import { ACTIVATIONS_WGSL } from '../kernels/activations';
import { FINITE_WGSL } from '../kernels/finiteFlags';
import { productDispatch } from '../kernels/dispatch';
import { gemm, transposedTimes } from '../kernels/gemmKernel';
import { productKernel } from '../kernels/tiledProduct';
import { CellGpu, LayerRecurrence, stepRow } from './cellGpu';

const LSTM_FORWARD_STEP = productKernel('lstmForwardStep', 4, { z: 'u32', cPrev: 'u32', cNext: 'u32', tanhC: 'u32', hNext: 'u32', h: 'u32' }, ACTIVATIONS_WGSL + FINITE_WGSL, `
    let zr = args.z + row * 4u * args.h + col; // I, F, O, C̃ of unit col at zr, zr + h, zr + 2h, zr + 3h
    let zi = mem[zr] + acc[0];
    let zf = mem[zr + args.h] + acc[1];
    let zo = mem[zr + 2u * args.h] + acc[2];
    let zc = mem[zr + 3u * args.h] + acc[3];
    flagForward(zi);
    flagForward(zf);
    flagForward(zo);
    flagForward(zc);
    let I = sigmoid(zi);
    let F = sigmoid(zf);
    let O = sigmoid(zo);
    let Ct = tanhStable(zc);
    mem[zr] = I;
    mem[zr + args.h] = F;
    mem[zr + 2u * args.h] = O;
    mem[zr + 3u * args.h] = Ct;
    let k = row * args.h + col;
    let C = F * mem[args.cPrev + k] + I * Ct; // C = F ⊙ C + I ⊙ C̃
    mem[args.cNext + k] = C;
    let tc = tanhStable(C);
    mem[args.tanhC + k] = tc;
    mem[args.hNext + k] = O * tc; // H = O ⊙ tanh(C)`);

const LSTM_BACKWARD_STEP = productKernel('lstmBackwardStep', 1, { z: 'u32', cPrev: 'u32', tanhC: 'u32', dHin: 'u32', dC: 'u32', last: 'u32', h: 'u32' }, '', `
    let zr = args.z + row * 4u * args.h + col;
    let I = mem[zr];
    let F = mem[zr + args.h];
    let O = mem[zr + 2u * args.h];
    let Ct = mem[zr + 3u * args.h];
    let k = row * args.h + col;
    let dH = mem[args.dHin + k] + acc[0]; // ∂H_t = ∂H from above + ∂Z_{t+1} W_hᵀ
    let tc = mem[args.tanhC + k];
    let dCnext = select(mem[args.dC + k], 0.0, args.last == 1u);
    let dC = dCnext + dH * O * (1.0 - tc * tc); // ∂C = ∂C_{t+1} ⊙ F_{t+1} + ∂H ⊙ O ⊙ (1 − tanh²(C))
    // σ' = σ(1 − σ), tanh' = 1 − tanh²
    mem[zr] = (dC * Ct) * (I * (1.0 - I)); // ∂Z_i = ∂C ⊙ C̃ ⊙ I(1 − I)
    mem[zr + args.h] = (dC * mem[args.cPrev + k]) * (F * (1.0 - F)); // ∂Z_f = ∂C ⊙ C_{t−1} ⊙ F(1 − F)
    mem[zr + 2u * args.h] = (dH * tc) * (O * (1.0 - O)); // ∂Z_o = ∂H ⊙ tanh(C) ⊙ O(1 − O)
    mem[zr + 3u * args.h] = (dC * I) * (1.0 - Ct * Ct); // ∂Z_c = ∂C ⊙ I ⊙ (1 − C̃²)
    mem[args.dC + k] = dC * F; // the ∂C that reaches C_{t−1}`);

export const LSTM_GPU: CellGpu = {
  forwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h } = l;
    const g4 = 4 * h;
    // Z_t += H_{t−1} [W_hi | W_hf | W_ho | W_hc]: four column groups h apart
    const operands = { M: B, N: h, K: h, a: stepRow(l.hs, l, t, h), rsA: h, csA: 1, b: l.wh, rsB: g4, csB: 1, colStride: h };
    return [productDispatch(LSTM_FORWARD_STEP, operands, {
      z: stepRow(l.gates, l, t, g4), cPrev: stepRow(l.cs, l, t, h), cNext: stepRow(l.cs, l, t + 1, h),
      tanhC: stepRow(l.tanhC, l, t, h), hNext: stepRow(l.hs, l, t + 1, h), h,
    })];
  },
  backwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h, T } = l;
    const g4 = 4 * h;
    const last = t === T - 1;
    // ∂Z_{t+1} W_hᵀ: element (k, j) of W_hᵀ is W_h[j, k]; no product at the last step
    const operands = { M: B, N: h, K: last ? 0 : g4, a: stepRow(l.gates, l, last ? t : t + 1, g4), rsA: g4, csA: 1, b: l.wh, rsB: 1, csB: g4, colStride: 0 };
    return [productDispatch(LSTM_BACKWARD_STEP, operands, {
      z: stepRow(l.gates, l, t, g4), cPrev: stepRow(l.cs, l, t, h), tanhC: stepRow(l.tanhC, l, t, h),
      dHin: stepRow(l.dHin, l, t, h), dC: l.dAux, last: last ? 1 : 0, h,
    })];
  },
  // ∂W_h = Σ_t H_{t−1}ᵀ ∂Z_t: H_0 … H_{T−1} against ∂Z_1 … ∂Z_T, one product
  recurrentGradient: (l: LayerRecurrence) => [gemm(transposedTimes(l.h, 4 * l.h, l.B * l.T, { at: l.hs, ld: l.h }, { at: l.gates, ld: 4 * l.h }), { c: l.dwh, ldc: 4 * l.h })],
};
