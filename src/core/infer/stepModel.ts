/**
 * The one seam the editor's inference runs through: a batch-1 model read one token at a time.
 * Today the plain TypeScript {@link Stepper} fills it; a faster engine (the fused WebAssembly
 * kernels) can take its place without the hovers, completions or colouring changing.
 */
import type { SavedModel } from '../io/savedModel';
import type { ModelConfig } from '../model/config';
import type { InferState } from './inferState';
import { Stepper } from './stepper';

/** One layer's values after a step, by TRACE_GATES name (float64 from the Stepper, float32 from the fused kernels). */
export type GateValues = Readonly<Record<string, ArrayLike<number>>>;

export interface StepModel {
  readonly config: ModelConfig;
  /** d2l's begin_state for batch 1. */
  zeroState(): InferState;
  /** Reads one token and advances `state` in place; gatesOf(k) then holds layer k's I, F, O, C̃, C, H. */
  step(token: number, state: InferState): void;
  /** Layer k's values from the latest step, by TRACE_GATES name; overwritten by the next step. */
  gatesOf(layer: number): GateValues;
  /** Y = H W_hq + b_q from the top layer's H in `state`: the next token's logits [V]. */
  logits(state: InferState): Float64Array;
}

/** The step model for a saved model's weights. */
export function stepModelFor(model: SavedModel): StepModel {
  return new Stepper(model.params, model.config);
}
