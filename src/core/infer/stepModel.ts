/**
 * The one seam the editor's inference runs through: a batch-1 model read one token at a time,
 * or, where the engine can, a run of tokens in one call and several independent runs side by
 * side. The plain TypeScript {@link Stepper} fills it; a faster engine (the fused WebAssembly
 * kernels) takes its place without the hovers, completions or colouring changing.
 */
import type { SavedModel } from '../io/savedModel';
import type { ModelConfig } from '../model/config';
import type { ParamSet } from '../model/paramSpec';
import type { InferState } from './inferState';
import { Stepper } from './stepper';

/** One layer's values after a step, by TRACE_GATES name (float64 from the Stepper, float32 from the fused kernels). */
export type GateValues = Readonly<Record<string, ArrayLike<number>>>;

/** A run of tokens to read from a state; reading advances `state` past them, in place. */
export interface Segment {
  readonly tokens: ArrayLike<number>;
  readonly state: InferState;
}

/** What reading a segment computed: every layer's values after each of its tokens. */
export interface StepRun {
  /** Layer `layer`'s `name` (a TRACE_GATES name) of unit `unit` after the segment's i-th token. */
  value(i: number, layer: number, name: string, unit: number): number;
  /** Layer `layer`'s values after the segment's i-th token, by TRACE_GATES name. */
  gatesAt(i: number, layer: number): GateValues;
}

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
  /**
   * Optional, for speed: reads independent segments in one call (side by side where the engine
   * batches them), the same numbers as step() token by token. The runs are valid until the
   * model's next call.
   */
  readSegments?(segments: readonly Segment[]): StepRun[];
  /** Optional: releases what the model holds beyond memory (threads); it may still be used after, more slowly. */
  dispose?(): void;
  /**
   * Optional: takes another checkpoint's weights when it has this model's shape (a newer
   * checkpoint of the run being trained), keeping the threads and memory; false when it does not.
   */
  reload?(config: ModelConfig, params: ParamSet): boolean;
}

/** The step model for a saved model's weights. */
export function stepModelFor(model: SavedModel): StepModel {
  return new Stepper(model.params, model.config);
}
