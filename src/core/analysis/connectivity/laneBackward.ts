/**
 * The backward of one group of positions, a step at a time from its highest position down,
 * with the positions side by side as lanes (laneSchedule.ts). At step s every lane reads the
 * text's activations at s (copied into its row, which the kernels overwrite with ∂Z), carries
 * its own ∂H (and ∂C or ∂(R ⊙ H)) to s − 1, and in layer 0 gives g_s = ∂Z_s W_xᵀ, the gradient
 * wrt the one-hot x_s, whose norm goes to its position's distance t − s. Plain numbers in and
 * the kernels' memory out, so a worker thread that shares the memory can run a group.
 */
import type { FusedKernels } from '../../engine/fused/kernels/kernels';
import { CELL_PLANS } from '../../engine/fused/memory/cellPlan';
import type { ForwardLayout, LayerActivationsLayout, ModelLayout } from '../../engine/fused/memory/layout';
import { cellSpec } from '../../model/cells/cellSpecs';
import type { ModelConfig } from '../../model/config';
import type { LaneLayerLayout, LaneLayout } from './laneLayout';
import type { StepSpan } from './laneSchedule';

/** A group's positions (their spans of steps), their lanes, their seeds already in `layout.seeds`. */
export interface LaneGroup {
  readonly layout: LaneLayout;
  readonly spans: readonly StepSpan[];
  readonly laneOf: Int32Array;
  /** Where each position's norms start in layout.norms (floats). */
  readonly firsts: Int32Array;
}

/** Runs the group's BPTT over `text` (the forward of the whole text, batch 1), leaving the norms in layout.norms. */
export function laneBackward(k: FusedKernels, config: ModelConfig, model: ModelLayout, text: ForwardLayout, group: LaneGroup): void {
  const { layout: lay, spans, laneOf, firsts } = group;
  const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
  const Gh = CELL_PLANS[config.cell].gates * h;
  const B = lay.lanes;
  const mem = k.memory.buffer;
  const spec = cellSpec(config.cell);
  const shape = { B, T: 1, h };
  k.setGemmScratch(lay.aScratch, lay.tile);
  k.packB(lay.wx0T, model.layers[0].wx, 1, Gh, Gh, V);
  for (const lane of lay.layers) for (const p of [lane.dHin, lane.dHnext, lane.dAux]) new Float32Array(mem, p, B * h).fill(0);
  const high = Math.max(...spans.map((s) => s.high));
  const low = Math.min(...spans.map((s) => s.low));
  const starting = Array.from({ length: high - low + 1 }, (): number[] => []);
  const ending = Array.from({ length: high - low + 1 }, (): number[] => []);
  spans.forEach((span, i) => {
    starting[span.high - low].push(i);
    ending[span.low - low].push(i);
  });
  const seeds = new Float32Array(mem, lay.seeds, spans.length * h);
  const topIn = new Float32Array(mem, lay.layers[L - 1].dHin, B * h);
  const grad = new Float32Array(mem, lay.inputGrad, B * V);
  const norms = new Float32Array(mem, lay.norms, firsts[spans.length]);
  const active = new Set<number>();
  for (let s = high; s >= low; s--) {
    for (const i of starting[s - low]) {
      topIn.set(seeds.subarray(i * h, (i + 1) * h), laneOf[i] * h);
      active.add(i);
    }
    for (let l = L - 1; l >= 0; l--) {
      const lane = lay.layers[l];
      broadcastStep(k, text.layers[l], lane, s, B, h, Gh);
      // the layer below reads the layer above's input: its ∂H at s is ∂X = ∂Z W_xᵀ
      if (l < L - 1) k.gemm(B, h, Gh, lay.layers[l + 1].gates, Gh, 1, model.packed[l + 1].wxT, lane.dHin, h, false);
      spec.fusedBackwardSteps(k, shape, lane, model.packed[l], lane);
    }
    k.gemm(B, V, Gh, lay.layers[0].gates, Gh, 1, lay.wx0T, lay.inputGrad, V, false); // g_s = ∂Z_s W_xᵀ
    for (const i of active) norms[firsts[i] + spans[i].high - s] = rowNorm(grad, laneOf[i], V);
    for (const i of starting[s - low]) topIn.fill(0, laneOf[i] * h, (laneOf[i] + 1) * h);
    for (const i of ending[s - low]) {
      active.delete(i);
      // the lane is free: the next position it takes starts from no carried gradient
      for (const lane of lay.layers) for (const p of [lane.dHnext, lane.dAux]) new Float32Array(mem, p, B * h).fill(0, laneOf[i] * h, (laneOf[i] + 1) * h);
    }
  }
}

/** Every lane's copy of the text's activations at step s in one layer: the gates, H_{s−1} (slot s), and for the LSTM C_{s−1} and tanh(C_s). */
function broadcastStep(k: FusedKernels, text: LayerActivationsLayout, lane: LaneLayerLayout, s: number, B: number, h: number, Gh: number): void {
  k.broadcastRows(lane.gates, text.gates + s * Gh * 4, B, Gh);
  k.broadcastRows(lane.hs, text.hs + s * h * 4, B, h);
  if (lane.cs) k.broadcastRows(lane.cs, text.cs + s * h * 4, B, h);
  if (lane.tanhC) k.broadcastRows(lane.tanhC, text.tanhC + s * h * 4, B, h);
}

/** ‖row r‖₂ of a [rows][width] block, summed in float64. */
function rowNorm(m: Float32Array, r: number, width: number): number {
  let sq = 0;
  for (let j = r * width; j < (r + 1) * width; j++) sq += m[j] * m[j];
  return Math.sqrt(sq);
}
