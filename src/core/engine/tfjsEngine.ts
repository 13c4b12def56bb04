/**
 * The readable reference engine: d2l's train_epoch_ch8 step in tf.js on whatever backend
 * tf.js runs (cpu, wasm, webgl). Forward with the scratch cells, mean softmax cross-entropy,
 * BPTT by tf.variableGrads, d2l's grad_clipping to a global norm θ, then SGD or Adam.
 */
import * as tf from '@tensorflow/tfjs';
import type { Minibatch } from '../data/minibatch';
import type { ModelConfig } from '../model/config';
import { LanguageModel } from '../model/languageModel';
import { oneHot, oneHotInputs, timeMajorTargets } from '../model/batchTensors';
import { ParamSet, validateParams } from '../model/paramSpec';
import { paramTensors, readParams } from '../model/paramTensors';
import type { StackState } from '../model/recurrentStack';
import type { OptimizerConfig, StepResult, TrainEngine } from './engine';
import { TfjsOptimizer } from './tfjsOptimizer';

/** Mean softmax cross-entropy of logits [n, V] against target ids [n]: −mean log softmax(ŷ)_y. */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const picked = tf.sum(tf.mul(tf.logSoftmax(logits), oneHot(targets, logits.shape[1])), 1);
  return tf.neg(tf.mean<tf.Scalar>(picked));
}

/** ‖g‖ over all gradients together, as d2l's grad_clipping measures it. */
function globalNorm(grads: Iterable<tf.Tensor>): tf.Scalar {
  return tf.sqrt(tf.addN([...grads].map((g) => tf.sum<tf.Scalar>(tf.square(g)))));
}

/** What one forward and backward pass leaves: the loss, ∂loss/∂θ by name, the final state. */
interface Backprop {
  readonly loss: tf.Scalar;
  readonly grads: Map<string, tf.Tensor>;
  readonly state: StackState;
}

export class TfjsEngine implements TrainEngine {
  readonly name: string;
  private readonly vars: Map<string, tf.Variable>;
  private readonly optimizer: TfjsOptimizer;
  /** d2l's θ: the largest global gradient norm an update may use. */
  private readonly clipTheta: number;
  /** The previous minibatch's final state, detached, for the sequential partition. */
  private state: StackState | undefined;

  /** Runs on the current tf.js backend (choose it first with useBackend). */
  constructor(readonly config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig) {
    this.name = `tfjs-${tf.getBackend()}`;
    const tensors = paramTensors(config, params);
    this.vars = new Map([...tensors].map(([name, t]) => [name, tf.variable(t, true)]));
    tf.dispose([...tensors.values()]);
    this.optimizer = new TfjsOptimizer(optimizer, this.vars);
    this.clipTheta = optimizer.clipTheta;
  }

  async trainStep(batch: Minibatch, resetState: boolean): Promise<StepResult> {
    const { loss, grads, state } = this.backprop(batch, resetState);
    // One read of the loss and ‖g‖ together: each read waits for the backend (a GPU round trip).
    const summary = tf.tidy(() => tf.stack([loss, globalNorm(grads.values())]));
    const [lossValue, gradNorm] = await summary.data();
    tf.dispose([summary, loss]);
    this.dropState();
    if (Number.isFinite(lossValue) && Number.isFinite(gradNorm)) {
      // d2l's grad_clipping: g ← θ/‖g‖ · g when ‖g‖ > θ
      this.optimizer.apply(grads, gradNorm > this.clipTheta ? this.clipTheta / gradNorm : 1);
      this.state = state;
    } else {
      // No update; the poisoned state is dropped, so a caller that goes on starts from zero.
      tf.dispose([state.h, state.c]);
    }
    tf.dispose([...grads.values()]);
    return { loss: lossValue, gradNorm };
  }

  /**
   * The mean loss and its gradient for every parameter, without updating anything (the carried
   * state is read, not advanced): for gradient checks and for comparing engines.
   */
  async lossAndGradients(batch: Minibatch, resetState: boolean): Promise<{ loss: number; grads: ParamSet }> {
    const { loss, grads, state } = this.backprop(batch, resetState);
    const result = { loss: (await loss.data())[0], grads: await readParams(grads) };
    tf.dispose([loss, ...grads.values(), state.h, state.c]);
    return result;
  }

  getParams(): Promise<ParamSet> {
    return readParams(this.vars);
  }

  async setParams(params: ParamSet): Promise<void> {
    validateParams(this.config, params);
    const tensors = paramTensors(this.config, params);
    for (const [name, v] of this.vars) v.assign(tensors.get(name) as tf.Tensor);
    tf.dispose([...tensors.values()]);
    this.dropState();
    this.optimizer.reset();
  }

  dispose(): void {
    this.dropState();
    this.optimizer.dispose();
    tf.dispose([...this.vars.values()]);
  }

  /** Forward and backward through one minibatch; every intermediate tensor is freed. */
  private backprop(batch: Minibatch, resetState: boolean): Backprop {
    if (resetState) this.dropState();
    const start = this.state;
    const kept: { state?: StackState } = {};
    const { value, grads } = tf.tidy(() => {
      const x = oneHotInputs(batch, this.config.vocabSize);
      const y = timeMajorTargets(batch);
      return tf.variableGrads(() => {
        const model = new LanguageModel(this.config, (name) => this.vars.get(name) as tf.Variable);
        const out = model.forward(x, start);
        // The final state outlives this pass (the next minibatch starts from it), detached.
        kept.state = { h: tf.keep(out.state.h), ...(out.state.c && { c: tf.keep(out.state.c) }) };
        return crossEntropy(out.logits, y);
      }, [...this.vars.values()]);
    });
    const byName = new Map([...this.vars].map(([name, v]) => [name, grads[v.name]]));
    return { loss: value, grads: byName, state: kept.state as StackState };
  }

  private dropState(): void {
    if (this.state) tf.dispose([this.state.h, this.state.c]);
    this.state = undefined;
  }
}
