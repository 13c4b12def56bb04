/**
 * The fused memory of a connectivity pass (byte offsets, after the text's forward): per layer,
 * one step's activations for every lane (copies of the text's at the step being
 * backpropagated, which the kernels overwrite with ∂Z) and the lanes' BPTT carries; the input
 * gradients of layer 0; the seeds ∂loss_t/∂H_t of every position; W_x of layer 0 packed
 * transposed (the training engine never needs it: its one-hot ∂W_x is a scatter); the norms.
 */
import { CELL_PLANS } from '../../engine/fused/memory/cellPlan';
import type { BackwardCarries } from '../../model/cells/cellSpec';
import type { ModelConfig } from '../../model/config';
import type { FusedKernels } from '../../engine/fused/kernels/kernels';
import { Arena, type LayerActivationsLayout } from '../../engine/fused/memory/layout';

/** One layer's lanes for a single step (T = 1: hs and cs hold slot 0 only, H_{s−1} and C_{s−1}). */
export type LaneLayerLayout = LayerActivationsLayout & BackwardCarries;

export interface LaneLayout {
  readonly lanes: number;
  readonly layers: readonly LaneLayerLayout[];
  /** [lanes][V]: g_s = ∂Z_s W_xᵀ of layer 0, the gradient wrt the one-hot input. */
  readonly inputGrad: number;
  /** packB(W_xᵀ) of layer 0: [G·h × V]. */
  readonly wx0T: number;
  /** The head at every position: top H rows [N][h], logits then ∂logits [N][V], Int32 targets [N], seeds ∂H [N][h]. */
  readonly seedH: number;
  readonly seedLogits: number;
  readonly seedTargets: number;
  readonly seeds: number;
  /** The norms, position after position: position i's distance k at float firsts[i] + k. */
  readonly norms: number;
  readonly aScratch: number;
  readonly tile: number;
  readonly end: number;
}

/** Plans `lanes` lanes, `positions` seeds and `norms` results from byte `start` on. */
export function planLanes(config: ModelConfig, k: Pick<FusedKernels, 'packedBSize' | 'packedASize'>, start: number, lanes: number, positions: number, norms: number): LaneLayout {
  const { hiddenSize: h, vocabSize: V } = config;
  const plan = CELL_PLANS[config.cell];
  const Gh = plan.gates * h;
  const arena = new Arena(start);
  const row = () => arena.floats(lanes * h);
  const layers = Array.from({ length: config.numLayers }, () => ({
    gates: arena.floats(lanes * Gh),
    hs: row(),
    cs: plan.keepsCell ? row() : 0,
    tanhC: plan.keepsCell ? row() : 0,
    rh: 0, // R ⊙ H_{s−1} only feeds ∂W_hh, which the steps skip
    dHin: row(),
    dHnext: row(),
    dAux: row(),
  }));
  return {
    lanes,
    layers,
    inputGrad: arena.floats(lanes * V),
    wx0T: arena.floats(k.packedBSize(Gh, V)),
    seedH: arena.floats(positions * h),
    seedLogits: arena.floats(positions * V),
    seedTargets: arena.floats(positions),
    seeds: arena.floats(positions * h),
    norms: arena.floats(norms),
    aScratch: arena.floats(k.packedASize(Math.max(lanes, positions))),
    tile: arena.floats(32),
    end: arena.next,
  };
}
