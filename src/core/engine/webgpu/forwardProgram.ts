/**
 * The forward pass through every layer for one batch shape, the part a training step and a
 * trace share: per layer the input projection Z = X W_x + b as one dispatch over all T·B rows (a
 * gather of W_x's rows for layer 0's one-hot input, a product above), then one dispatch per step
 * of the recurrence (two for the GRU), the cell's own equations (cells/). Activations stay in the
 * fused engine's forward layout, so tracedColumns finds every gate where the fused tracer does.
 */
import type { ModelConfig } from '../../model/config';
import type { ForwardLayout, ModelLayout } from '../fused/memory/layout';
import { CELL_PLANS } from '../fused/memory/cellPlan';
import { CELL_GPUS } from './cells/cellGpus';
import type { LayerRecurrence } from './cells/cellGpu';
import type { Dispatch } from './kernels/dispatch';
import { Matrix, gemm, times } from './kernels/gemmKernel';
import { gatherRowsPlusBias } from './kernels/rowKernels';
import { floats } from './gpuLayout';

/** The BPTT buffers of a training step's recurrences (float offsets); a trace runs no BPTT and names none. */
export interface BackwardBuffers {
  readonly dHin: number;
  readonly dHnext: number;
  readonly dAux: number;
}

export const NO_BACKWARD: BackwardBuffers = { dHin: 0, dHnext: 0, dAux: 0 };

/** Layer `layer`'s buffers and recurrent weights as float offsets. */
export function layerRecurrence(config: ModelConfig, model: ModelLayout, forward: ForwardLayout, layer: number, backward: BackwardBuffers): LayerRecurrence {
  const act = forward.layers[layer];
  const wh = model.layers[layer].wh;
  return {
    B: forward.batchSize, T: forward.numSteps, h: config.hiddenSize,
    gates: floats(act.gates), hs: floats(act.hs), cs: floats(act.cs), tanhC: floats(act.tanhC), rh: floats(act.rh),
    wh: floats(wh), dwh: floats(wh + model.gradShift),
    ...backward,
  };
}

/** H_1 … H_T of a layer, [T·B × h]: its hs after slot 0 (the state carried in). */
export function layerOutputs(l: LayerRecurrence): Matrix {
  return { at: l.hs + l.B * l.h, ld: l.h };
}

/** Every layer's forward for the recurrences `layers`; layer 0 reads its token ids at ints[tokens …]. */
export function forwardProgram(config: ModelConfig, model: ModelLayout, layers: readonly LayerRecurrence[], tokens: number): Dispatch[] {
  const { hiddenSize: h } = config;
  const cell = CELL_GPUS[config.cell];
  const Gh = CELL_PLANS[config.cell].gates * h;
  const out: Dispatch[] = [];
  layers.forEach((l, layer) => {
    const lp = model.layers[layer];
    const N = l.B * l.T;
    // Z = X W_x + b for all T·B rows at once
    if (layer === 0) out.push(gatherRowsPlusBias(l.gates, floats(lp.wx), floats(lp.b), tokens, N, Gh));
    else out.push(gemm(times(N, Gh, h, layerOutputs(layers[layer - 1]), { at: floats(lp.wx), ld: Gh }), { c: l.gates, ldc: Gh, bias: floats(lp.b) }));
    for (let t = 0; t < l.T; t++) out.push(...cell.forwardStep(l, t));
  });
  return out;
}
