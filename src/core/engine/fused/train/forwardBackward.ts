/**
 * One pass over a batch (or a thread's shard of it): forward through every layer and step, the
 * head and its cross-entropy, then BPTT down the layers, leaving ∂θ in the gradient region at
 * `gradShift`. Pure orchestration of kernel calls over planned layouts, so a worker thread that
 * shares the memory can run it on its own shard.
 */
import type { ModelConfig } from '../../../model/config';
import { CELL_PLANS } from '../memory/cellPlan';
import { cellBackward, cellForward, RecurrenceShape } from '../kernels/cellPasses';
import type { FusedKernels } from '../kernels/kernels';
import type { BatchLayout, ForwardLayout, ModelLayout } from '../memory/layout';

/** H_1..H_T of a layer: the rows after slot 0 of its hs buffer. */
export function layerOutputs(b: ForwardLayout, layer: number, hiddenSize: number): number {
  return b.layers[layer].hs + b.batchSize * hiddenSize * 4;
}

/**
 * Forward through every layer and step from the initial state in slot 0: afterwards each
 * layer's gates buffer holds the activations of every step and hs (cs) the states.
 */
export function forwardLayers(k: FusedKernels, config: ModelConfig, model: ModelLayout, b: ForwardLayout): void {
  const h = config.hiddenSize;
  const Gh = CELL_PLANS[config.cell].gates * h;
  const s: RecurrenceShape = { B: b.batchSize, T: b.numSteps, h };
  const N = s.B * s.T;
  k.setGemmScratch(b.aScratch, b.tile); // this thread's packing scratch
  for (let layer = 0; layer < config.numLayers; layer++) {
    const lp = model.layers[layer];
    const act = b.layers[layer];
    if (layer === 0) k.gatherRowsPlusBias(act.gates, lp.wx, lp.b, b.tokens, N, Gh); // X W_x + b for one-hot X
    else {
      k.broadcastRows(act.gates, lp.b, N, Gh);
      k.gemm(N, Gh, h, layerOutputs(b, layer - 1, h), h, 1, model.packed[layer].wx, act.gates, Gh, true);
    }
    cellForward(k, config.cell, s, act, model.packed[layer]);
  }
}

/**
 * Returns the summed cross-entropy of the batch's rows; the gradients are those of the mean
 * over `meanOver` rows (the whole minibatch), so the shards' gradients add up to the total.
 */
export function forwardBackward(k: FusedKernels, config: ModelConfig, model: ModelLayout, b: BatchLayout, gradShift: number, meanOver: number): number {
  const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
  const Gh = CELL_PLANS[config.cell].gates * h;
  const s: RecurrenceShape = { B: b.batchSize, T: b.numSteps, h };
  const N = s.B * s.T;
  const g = gradShift;
  forwardLayers(k, config, model, b);

  // head: Y = H W_hq + b_q, the loss, then ∂W_hq = Hᵀ ∂Y, ∂b_q = Σ ∂Y, ∂H = ∂Y W_hqᵀ
  const top = layerOutputs(b, L - 1, h);
  k.broadcastRows(b.logits, model.bq, N, V);
  k.gemm(N, V, h, top, h, 1, model.whqPacked, b.logits, V, true);
  const lossSum = k.softmaxCrossEntropy(b.logits, b.targets, N, V, meanOver);
  k.weightGradient(model.whq + g, V, top, h, h, b.logits, V, V, N, b.packScratch);
  k.columnSums(model.bq + g, b.logits, N, V, V);
  k.gemm(N, h, V, b.logits, V, 1, model.whqTPacked, b.dHin, h, false);

  for (let layer = L - 1; layer >= 0; layer--) {
    const lp = model.layers[layer];
    const act = b.layers[layer];
    cellBackward(k, config.cell, s, act, model.packed[layer], b, lp.wh + g);
    k.columnSums(lp.b + g, act.gates, N, Gh, Gh);
    if (layer === 0) {
      new Float32Array(k.memory.buffer, lp.wx + g, lp.inputSize * Gh).fill(0);
      k.scatterAddRows(lp.wx + g, act.gates, b.tokens, N, Gh); // ∂W_x of a one-hot input
    } else {
      k.weightGradient(lp.wx + g, Gh, layerOutputs(b, layer - 1, h), h, h, act.gates, Gh, Gh, N, b.packScratch);
      k.gemm(N, h, Gh, act.gates, Gh, 1, model.packed[layer].wxT, b.dHin, h, false); // ∂X = ∂Z W_xᵀ, the layer below's ∂H
    }
  }
  return lossSum;
}
