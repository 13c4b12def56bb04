/**
 * Where a trace lives in its arena, one float32 storage buffer like the training engine's: the
 * non-finite flags, the model part (θ in the fused layout: gpuLayout's, without Adam's moments),
 * one sequence's forward of T steps (the fused forward layout, so tracedColumns reads it), then
 * the head's logits for H_0 … H_T of the top layer. What comes back is one contiguous range,
 * every layer's activations through the logits, read once. Token ids: a u32 buffer of T.
 */
import type { ModelConfig } from '../../model/config';
import { Arena, ForwardLayout, ModelLayout, planForward, planModel } from '../fused/memory/layout';
import { FLAGS_BYTES } from './kernels/finiteFlags';
import { NO_PACKED_COPIES } from './gpuLayout';

export interface TraceLayout {
  readonly model: ModelLayout;
  readonly forward: ForwardLayout;
  /** [(T + 1) × V]: Y = H W_hq + b_q before the first token, then after each (bytes). */
  readonly logits: number;
  /** The bytes read back: [readFrom, readFrom + readBytes), the first layer's gates through the logits. */
  readonly readFrom: number;
  readonly readBytes: number;
  /** Bytes of the arena, and of the token ids. */
  readonly bytes: number;
  readonly intBytes: number;
}

/** The layout of a trace of `numSteps` tokens (0: the model part alone, for holding θ). */
export function planTrace(config: ModelConfig, numSteps: number): TraceLayout {
  const model = planModel(config, NO_PACKED_COPIES, FLAGS_BYTES, 1, false);
  const forward = planForward(config, NO_PACKED_COPIES, model.end, 1, numSteps);
  const tail = new Arena(forward.end);
  const logits = tail.floats((numSteps + 1) * config.vocabSize);
  const readFrom = forward.layers[0].gates;
  return { model, forward, logits, readFrom, readBytes: tail.next - readFrom, bytes: tail.next, intBytes: 4 * Math.max(1, numSteps) };
}
