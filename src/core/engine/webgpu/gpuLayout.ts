/**
 * Where everything lives in the engine's arena, one float32 storage buffer: the step's
 * non-finite flags (finiteFlags); the model part (θ, ∂θ and Adam's moments in the fused
 * engine's layout, gates side by side, so its param packing reads and writes them) and the
 * end-of-step sums; then one batch shape's activations (the fused batch layout) and the rows'
 * losses. Offsets are bytes, as in the fused plans; the kernels' arguments count floats
 * (`floats`). Token ids live in a second, u32 buffer: [tokens | targets | rowsByToken | starts].
 */
import { ModelConfig } from '../../model/config';
import { Arena, BatchLayout, ModelLayout, planBatch, planModel } from '../fused/memory/layout';
import type { FusedKernels } from '../fused/kernels/kernels';
import { PARTIALS } from './kernels/updateKernels';
import { FLAGS_BYTES } from './kernels/finiteFlags';

/** The GPU's products read weights and activations where they lie (strides give transposes): no packed copies, no packing scratch. */
export const NO_PACKED_COPIES: Pick<FusedKernels, 'packedBSize' | 'packedASize'> = { packedBSize: () => 0, packedASize: () => 0 };

export interface GpuLayout {
  readonly model: ModelLayout;
  readonly batch: BatchLayout;
  /** ‖g‖²'s per-workgroup sums. */
  readonly partials: number;
  /** [mean loss, ‖g‖] of the last step. */
  readonly result: number;
  /** Adam's bias corrections [1 − β1^t, 1 − β2^t] for the coming step. */
  readonly adamCorrections: number;
  /** [T·B] each row's cross-entropy. */
  readonly lossRows: number;
  /** Bytes of the arena. */
  readonly bytes: number;
  /** u32 indices into the token buffer, and its size in bytes. */
  readonly ints: { readonly tokens: number; readonly targets: number; readonly rowsByToken: number; readonly starts: number; readonly bytes: number };
}

/** The layout for batches of B sequences of T steps (B = T = 0: the model part alone), with Adam's moments if `adam`. */
export function planGpu(config: ModelConfig, batchSize: number, numSteps: number, adam: boolean): GpuLayout {
  const model = planModel(config, NO_PACKED_COPIES, FLAGS_BYTES, 1, adam);
  const sums = new Arena(model.end);
  const partials = sums.floats(PARTIALS);
  const result = sums.floats(2);
  const adamCorrections = sums.floats(2);
  const batch = planBatch(config, NO_PACKED_COPIES, sums.next, batchSize, numSteps);
  const rows = batchSize * numSteps;
  const tail = new Arena(batch.end);
  const lossRows = tail.floats(rows);
  const ints = { tokens: 0, targets: rows, rowsByToken: 2 * rows, starts: 3 * rows, bytes: 4 * (3 * rows + config.vocabSize + 1) };
  return { model, batch, partials, result, adamCorrections, lossRows, bytes: tail.next, ints };
}

/** A byte offset as the kernels' float index into the arena. */
export function floats(byteOffset: number): number {
  return byteOffset / 4;
}
