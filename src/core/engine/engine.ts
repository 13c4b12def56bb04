/**
 * The seam between the trainer and how a minibatch is computed. The tf.js engine (readable
 * reference, any tf.js backend) and the fused WebAssembly engine both implement it and must
 * give the same numbers.
 */
import type { Minibatch } from '../data/minibatch';
import type { ModelConfig, } from '../model/config';
import type { ParamSet } from '../model/paramSpec';

export type OptimizerKind = 'sgd' | 'adam';

export interface OptimizerConfig {
  readonly kind: OptimizerKind;
  /** Learning rate η (d2l's lr). */
  readonly lr: number;
  /** Global gradient-norm clip θ (d2l's grad_clipping); Infinity disables it. */
  readonly clipTheta: number;
}

export interface StepResult {
  /** Mean cross-entropy over the batch's batchSize × numSteps predictions (nats). */
  readonly loss: number;
  /** Global L2 norm of the gradient before clipping. */
  readonly gradNorm: number;
}

export interface TrainEngine {
  /** Which engine and backend run the numbers, for the dashboard and the CLI ('fused-wasm', 'tfjs-cpu', ...). */
  readonly name: string;
  /** The GPU adapter it computes on, for an engine on a GPU (the WebGPU engine): shown beside the name. */
  readonly adapter?: string;
  /** How it computes, where that varies within one name (the fused engine: 'relaxed SIMD' or 'SIMD'): shown beside the name. */
  readonly detail?: string;
  readonly config: ModelConfig;
  /**
   * Forward through all steps, the head and mean cross-entropy, backpropagation through time,
   * clipping to θ and one optimizer update. With `resetState` the state starts at zero
   * (d2l's random partition); otherwise it continues from the previous minibatch's final
   * state, detached from the graph (sequential partition). A non-finite loss or gradient
   * leaves the parameters untouched and is reported in the result.
   */
  trainStep(batch: Minibatch, resetState: boolean): Promise<StepResult>;
  /** A copy of the current parameters. */
  getParams(): Promise<ParamSet>;
  /** Replaces all parameters (and resets the carried state and optimizer moments). */
  setParams(params: ParamSet): Promise<void>;
  /** Releases tensors, memory and threads. */
  dispose(): void;
}
