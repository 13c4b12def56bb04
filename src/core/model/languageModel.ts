/**
 * d2l's RNNModelScratch: a recurrent stack and the output head Y = H W_hq + b_q, returning
 * logits for every step as [steps·batch, V] in time-major order (d2l's `Y.T.reshape(-1)`).
 */
import * as tf from '@tensorflow/tfjs';
import { ModelConfig } from './config';
import { ParamLookup, RecurrentStack, StackState } from './recurrentStack';

export class LanguageModel {
  readonly stack: RecurrentStack;
  /** W_hq [h, V]. */
  private readonly W_hq: tf.Tensor2D;
  /** b_q [V]. */
  private readonly b_q: tf.Tensor1D;

  /** Builds the model over existing tensors (variables, usually): construct it inside the tape. */
  constructor(readonly config: ModelConfig, params: ParamLookup) {
    this.stack = new RecurrentStack(config, params);
    this.W_hq = params('W_hq') as tf.Tensor2D;
    this.b_q = params('b_q') as tf.Tensor1D;
  }

  /** Y = H W_hq + b_q for rows of H [n, h] → [n, V]. */
  head(H: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(H, this.W_hq), this.b_q);
  }

  /** x: one-hot (or any) input [steps, batch, V]; logits [steps·batch, V] and the final state. */
  forward(x: tf.Tensor3D, state?: StackState): { logits: tf.Tensor2D; state: StackState } {
    const out = this.stack.forward(x, state);
    return { logits: this.head(tf.reshape(out.output, [-1, this.config.hiddenSize])), state: out.state };
  }
}
