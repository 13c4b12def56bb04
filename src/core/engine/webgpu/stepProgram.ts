/**
 * The dispatches of one training step for one batch shape, in order: forward through every
 * layer (the input projection as one product over all T·B rows, then one dispatch per step of
 * the recurrence: forwardProgram.ts), the head and its loss, BPTT down the layers (the recurrent steps, then every
 * weight gradient as one product over the whole sequence), ‖g‖, the clipped SGD (or Adam) update
 * and the carried state. The same program serves every minibatch of that shape; a step replays it in
 * one compute pass, one submission.
 */
import type { ModelConfig } from '../../model/config';
import type { OptimizerConfig } from '../engine';
import { CELL_PLANS } from '../fused/memory/cellPlan';
import { stateBuffers } from '../fused/memory/batchState';
import { CELL_GPUS } from './cells/cellGpus';
import type { Dispatch } from './kernels/dispatch';
import { gemm, times, timesTransposed, transposedTimes } from './kernels/gemmKernel';
import { softmaxCrossEntropy } from './kernels/headKernels';
import { columnSums, scatterRows } from './kernels/rowKernels';
import { adamStep, carryState, finishStep, sgdStep } from './kernels/updateKernels';
import { forwardProgram, layerOutputs, layerRecurrence } from './forwardProgram';
import { GpuLayout, floats } from './gpuLayout';

export function stepProgram(config: ModelConfig, gpu: GpuLayout, optimizer: OptimizerConfig): Dispatch[] {
  const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
  const { batch, model, ints } = gpu;
  const cell = CELL_GPUS[config.cell];
  const Gh = CELL_PLANS[config.cell].gates * h;
  const B = batch.batchSize;
  const N = B * batch.numSteps;
  const grad = (byteOffset: number): number => floats(byteOffset + model.gradShift);
  const backward = { dHin: floats(batch.dHin), dHnext: floats(batch.dHnext), dAux: floats(batch.dAux) };
  const layers = Array.from({ length: L }, (_, layer) => layerRecurrence(config, model, batch, layer, backward));
  /** H_1 … H_T of a layer, [N × h]. */
  const outputs = (layer: number) => layerOutputs(layers[layer]);
  const out: Dispatch[] = forwardProgram(config, model, layers, ints.tokens);

  // head: Y = H W_hq + b_q, the loss and ∂Y; ∂W_hq = Hᵀ ∂Y, ∂b_q = Σ ∂Y, ∂H = ∂Y W_hqᵀ
  const logits = { at: floats(batch.logits), ld: V };
  const whq = { at: floats(model.whq), ld: V };
  out.push(gemm(times(N, V, h, outputs(L - 1), whq), { c: logits.at, ldc: V, bias: floats(model.bq) }));
  out.push(softmaxCrossEntropy(logits.at, ints.targets, N, V, floats(gpu.lossRows)));
  out.push(gemm(transposedTimes(h, V, N, outputs(L - 1), logits), { c: grad(model.whq), ldc: V }));
  out.push(columnSums(grad(model.bq), logits.at, N, V, V));
  out.push(gemm(timesTransposed(N, h, V, logits, whq), { c: floats(batch.dHin), ldc: h }));

  for (let layer = L - 1; layer >= 0; layer--) {
    const l = layers[layer];
    const lp = model.layers[layer];
    const dZ = { at: l.gates, ld: Gh };
    for (let t = batch.numSteps - 1; t >= 0; t--) out.push(...cell.backwardStep(l, t));
    out.push(...cell.recurrentGradient(l));
    out.push(columnSums(grad(lp.b), l.gates, N, Gh, Gh));
    if (layer === 0) out.push(scatterRows(grad(lp.wx), l.gates, ints.rowsByToken, ints.starts, V, Gh));
    else {
      const wx = { at: floats(lp.wx), ld: Gh };
      out.push(gemm(transposedTimes(h, Gh, N, outputs(layer - 1), dZ), { c: grad(lp.wx), ldc: Gh })); // ∂W_x = Xᵀ ∂Z
      out.push(gemm(timesTransposed(N, h, Gh, dZ, wx), { c: floats(batch.dHin), ldc: h })); // ∂X = ∂Z W_xᵀ, the layer below's ∂H
    }
  }

  const theta = floats(model.paramsStart);
  const result = floats(gpu.result);
  out.push(...finishStep(grad(model.paramsStart), model.paramFloats, floats(gpu.partials), floats(gpu.lossRows), N, result));
  const { lr, clipTheta } = optimizer;
  if (optimizer.kind === 'sgd') out.push(sgdStep(theta, grad(model.paramsStart), model.paramFloats, result, lr, clipTheta));
  else out.push(adamStep(theta, grad(model.paramsStart), model.paramFloats, result, lr, clipTheta, { m: floats(model.adamM), v: floats(model.adamV), corrections: floats(gpu.adamCorrections) }));
  const stateSize = B * h;
  for (const bufs of stateBuffers(batch)) for (const p of bufs) out.push(carryState(floats(p), floats(p) + batch.numSteps * stateSize, stateSize, result));
  return out;
}
