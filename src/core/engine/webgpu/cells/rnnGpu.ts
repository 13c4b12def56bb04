/**
 * d2l §9.5's RNN on the GPU: H = tanh(X W_xh + H W_hh + b_h), one dispatch per step (the
 * recurrent product and tanh on the same thread); BPTT likewise, ∂Z = (∂H from above +
 * ∂Z_{t+1} W_hhᵀ) ⊙ (1 − H²). The gates buffer holds H_t after the forward.
 */
import { ACTIVATIONS_WGSL } from '../kernels/activations';
import { FINITE_WGSL } from '../kernels/finiteFlags';
import { productDispatch } from '../kernels/dispatch';
import { gemm, transposedTimes } from '../kernels/gemmKernel';
import { productKernel } from '../kernels/tiledProduct';
import { CellGpu, LayerRecurrence, stepRow } from './cellGpu';

const RNN_FORWARD_STEP = productKernel('rnnForwardStep', 1, { z: 'u32', hNext: 'u32', h: 'u32' }, ACTIVATIONS_WGSL + FINITE_WGSL, `
    let k = row * args.h + col;
    let z = mem[args.z + k] + acc[0];
    flagForward(z);
    let H = tanhStable(z); // H = tanh(X W_xh + H W_hh + b_h)
    mem[args.z + k] = H;
    mem[args.hNext + k] = H;`);

const RNN_BACKWARD_STEP = productKernel('rnnBackwardStep', 1, { z: 'u32', dHin: 'u32', h: 'u32' }, '', `
    let k = row * args.h + col;
    let H = mem[args.z + k];
    mem[args.z + k] = (mem[args.dHin + k] + acc[0]) * (1.0 - H * H); // ∂Z = (∂H + ∂Z_{t+1} W_hhᵀ) ⊙ tanh'`);

export const RNN_GPU: CellGpu = {
  forwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h } = l;
    const operands = { M: B, N: h, K: h, a: stepRow(l.hs, l, t, h), rsA: h, csA: 1, b: l.wh, rsB: h, csB: 1, colStride: 0 };
    return [productDispatch(RNN_FORWARD_STEP, operands, { z: stepRow(l.gates, l, t, h), hNext: stepRow(l.hs, l, t + 1, h), h })];
  },
  backwardStep: (l: LayerRecurrence, t: number) => {
    const { B, h, T } = l;
    const last = t === T - 1;
    const operands = { M: B, N: h, K: last ? 0 : h, a: stepRow(l.gates, l, last ? t : t + 1, h), rsA: h, csA: 1, b: l.wh, rsB: 1, csB: h, colStride: 0 };
    return [productDispatch(RNN_BACKWARD_STEP, operands, { z: stepRow(l.gates, l, t, h), dHin: stepRow(l.dHin, l, t, h), h })];
  },
  // ∂W_hh = Σ_t H_{t−1}ᵀ ∂Z_t
  recurrentGradient: (l: LayerRecurrence) => [gemm(transposedTimes(l.h, l.h, l.B * l.T, { at: l.hs, ld: l.h }, { at: l.gates, ld: l.h }), { c: l.dwh, ldc: l.h })],
};
