/**
 * Where everything lives in the fused engine's memory (byte offsets). Two parts:
 *  - the model part, fixed by the config: the flat parameters θ in d2l layout with the gates
 *    side by side (W_x [d × G·h], W_h [h × G·h], b [G·h] per layer, then W_hq [h × V], b_q [V]),
 *    the gradients with the same shape at a fixed shift, and the packed copies of the weights
 *    the products read (refreshed after every update);
 *  - the batch part, fixed by B and T: token ids, per-layer activations, head and scratch.
 * Rows of per-step buffers are time-major: row t·B + b is sequence b at step t.
 */
import { ModelConfig, layerInputSize } from '../../../model/config';
import { CELL_PLANS } from './cellPlan';
import type { FusedKernels } from '../kernels/kernels';

/** Parameters of one layer (byte offsets into θ; the gradient of x is at x + gradShift). */
export interface LayerParamsLayout {
  /** Input width d (V for layer 0, h above). */
  readonly inputSize: number;
  readonly wx: number;
  readonly wh: number;
  readonly b: number;
}

/** Packed weights of one layer: W_x and W_xᵀ for layers above 0; W_h blocks and their transposes. */
export interface LayerPackedLayout {
  readonly wx: number;
  readonly wxT: number;
  readonly recurrent: readonly number[];
  readonly recurrentT: readonly number[];
}

export interface ModelLayout {
  readonly layers: readonly LayerParamsLayout[];
  readonly whq: number;
  readonly bq: number;
  /** θ as one flat block: [paramsStart, paramsStart + 4·paramFloats). */
  readonly paramsStart: number;
  readonly paramFloats: number;
  /** ∂θ mirrors θ at this byte distance (the total, and the main thread's share). */
  readonly gradShift: number;
  /** Per thread: where its share of ∂θ mirrors θ (gradShifts[0] = gradShift). */
  readonly gradShifts: readonly number[];
  /** Adam's moments m and v, each shaped like θ (byte offsets; 0 without Adam). */
  readonly adamM: number;
  readonly adamV: number;
  readonly packed: readonly LayerPackedLayout[];
  readonly whqPacked: number;
  readonly whqTPacked: number;
  /** Where the model part ends (the batch part starts here). */
  readonly end: number;
}

/** Per-layer activations for one batch shape. */
export interface LayerActivationsLayout {
  /** [T][B][G·h]: pre-activations, then activations, then their gradients. */
  readonly gates: number;
  /** [(T+1)][B][h], slot 0 the carried-in state. */
  readonly hs: number;
  /** LSTM: C, like hs; otherwise 0. */
  readonly cs: number;
  /** LSTM: tanh(C_t) [T][B][h], kept from the forward for BPTT; otherwise 0. */
  readonly tanhC: number;
  /** GRU: R ⊙ H_{t−1} [T][B][h]; otherwise 0. */
  readonly rh: number;
}

/** What a forward pass through every layer needs: inputs, activations and the products' scratch. */
export interface ForwardLayout {
  readonly batchSize: number;
  readonly numSteps: number;
  /** Int32 [T][B]: the inputs, time-major. */
  readonly tokens: number;
  readonly layers: readonly LayerActivationsLayout[];
  /** Packed A for every product. */
  readonly aScratch: number;
  /** One partial register tile. */
  readonly tile: number;
  readonly end: number;
}

export interface BatchLayout extends ForwardLayout {
  /** Int32 [T][B]: the targets, time-major. */
  readonly targets: number;
  /** [T·B][V]: logits, then ∂loss/∂logits. */
  readonly logits: number;
  /** [T][B][h]: ∂loss/∂H_t arriving at the layer being backpropagated. */
  readonly dHin: number;
  /** [B][h] each: ∂H and ∂C (LSTM) or ∂(R ⊙ H) (GRU) flowing to the previous step. */
  readonly dHnext: number;
  readonly dAux: number;
  /** Packed ∂Z for the weight-gradient products. */
  readonly packScratch: number;
}

/** Hands out 64-byte aligned regions (a cache line; v128 loads need 16). */
export class Arena {
  constructor(public next: number) {}
  floats(count: number): number {
    const at = this.next;
    this.next += Math.ceil((count * 4) / 64) * 64;
    return at;
  }
}

/** Lays out parameters, gradients (one region per thread), Adam's moments and packed weights from byte `start` on. */
export function planModel(config: ModelConfig, kernels: Pick<FusedKernels, 'packedBSize'>, start: number, threads = 1, adam = false): ModelLayout {
  const { hiddenSize: h, vocabSize: V } = config;
  const plan = CELL_PLANS[config.cell];
  const Gh = plan.gates * h;
  const arena = new Arena(start);
  const layers: LayerParamsLayout[] = [];
  for (let layer = 0; layer < config.numLayers; layer++) {
    const d = layerInputSize(config, layer);
    layers.push({ inputSize: d, wx: arena.floats(d * Gh), wh: arena.floats(h * Gh), b: arena.floats(Gh) });
  }
  const whq = arena.floats(h * V);
  const bq = arena.floats(V);
  const paramFloats = (arena.next - start) / 4;
  const gradShift = arena.next - start;
  arena.next += gradShift;
  const packed: LayerPackedLayout[] = layers.map((_, layer) => ({
    wx: layer > 0 ? arena.floats(kernels.packedBSize(h, Gh)) : 0,
    wxT: layer > 0 ? arena.floats(kernels.packedBSize(Gh, h)) : 0,
    recurrent: plan.recurrentBlocks.map((blk) => arena.floats(kernels.packedBSize(h, blk.count * h))),
    recurrentT: plan.recurrentBlocks.map((blk) => arena.floats(kernels.packedBSize(blk.count * h, h))),
  }));
  const whqPacked = arena.floats(kernels.packedBSize(h, V));
  const whqTPacked = arena.floats(kernels.packedBSize(V, h));
  const gradShifts = [gradShift, ...Array.from({ length: threads - 1 }, () => arena.floats(paramFloats) - start)];
  const adamM = adam ? arena.floats(paramFloats) : 0;
  const adamV = adam ? arena.floats(paramFloats) : 0;
  return { layers, whq, bq, paramsStart: start, paramFloats, gradShift, gradShifts, adamM, adamV, packed, whqPacked, whqTPacked, end: arena.next };
}

/**
 * Splits a batch of `batchSize` sequences among at most `threads` shards of near-equal size
 * (sequences are independent through the recurrence, so each thread runs its rows alone).
 * Returns the first row and size of each shard.
 */
export function shardRows(batchSize: number, threads: number): { first: number; size: number }[] {
  const count = Math.max(1, Math.min(threads, batchSize));
  return Array.from({ length: count }, (_, s) => {
    const first = Math.floor((s * batchSize) / count);
    return { first, size: Math.floor(((s + 1) * batchSize) / count) - first };
  });
}

/** Every layer's activations for B sequences of T steps. */
function planActivations(config: ModelConfig, arena: Arena, B: number, T: number): LayerActivationsLayout[] {
  const { hiddenSize: h } = config;
  const plan = CELL_PLANS[config.cell];
  const N = B * T;
  return Array.from({ length: config.numLayers }, () => ({
    gates: arena.floats(N * plan.gates * h),
    hs: arena.floats((N + B) * h),
    cs: plan.keepsCell ? arena.floats((N + B) * h) : 0,
    tanhC: plan.keepsCell ? arena.floats(N * h) : 0,
    rh: plan.keepsResetHidden ? arena.floats(N * h) : 0,
  }));
}

/**
 * Lays out the buffers of an inference forward (no targets or gradients) from byte `start` on;
 * the products' scratch also serves a head over every H slot (H_0..H_T: N + B rows).
 */
export function planForward(config: ModelConfig, kernels: Pick<FusedKernels, 'packedASize'>, start: number, batchSize: number, numSteps: number): ForwardLayout {
  const arena = new Arena(start);
  const N = batchSize * numSteps;
  const tokens = arena.floats(N);
  const layers = planActivations(config, arena, batchSize, numSteps);
  const aScratch = arena.floats(kernels.packedASize(Math.max(N + batchSize, config.hiddenSize)));
  return { batchSize, numSteps, tokens, layers, aScratch, tile: arena.floats(32), end: arena.next };
}

/** Lays out the buffers of one batch shape (or one thread's shard of it) from byte `start` on. */
export function planBatch(config: ModelConfig, kernels: Pick<FusedKernels, 'packedBSize' | 'packedASize'>, start: number, batchSize: number, numSteps: number): BatchLayout {
  const { hiddenSize: h, vocabSize: V } = config;
  const plan = CELL_PLANS[config.cell];
  const Gh = plan.gates * h;
  const B = batchSize;
  const N = B * numSteps;
  const arena = new Arena(start);
  const tokens = arena.floats(N);
  const targets = arena.floats(N);
  const layers = planActivations(config, arena, B, numSteps);
  return {
    batchSize: B,
    numSteps,
    tokens,
    targets,
    layers,
    logits: arena.floats(N * V),
    dHin: arena.floats(N * h),
    dHnext: arena.floats(B * h),
    dAux: arena.floats(B * h),
    packScratch: arena.floats(Math.max(kernels.packedBSize(N, Gh), kernels.packedBSize(N, V))),
    aScratch: arena.floats(kernels.packedASize(Math.max(N, h))),
    tile: arena.floats(32),
    end: arena.next,
  };
}
