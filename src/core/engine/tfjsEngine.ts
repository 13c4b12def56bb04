/**
 * The readable reference engine: d2l's train_epoch_ch8 step in tf.js on whatever backend
 * tf.js runs (cpu, wasm, webgl). Forward with the scratch cells, mean softmax cross-entropy,
 * BPTT written out from d2l's equations (bptt/: the same gradients as tf.variableGrads on the
 * scratch model, a unit test holds them together, at a fraction of the kernels), d2l's
 * grad_clipping to a global norm θ, then SGD or Adam.
 */
import * as tf from '@tensorflow/tfjs';
import type { Minibatch } from '../data/minibatch';
import type { ModelConfig } from '../model/config';
import { ParamSet, validateParams } from '../model/paramSpec';
import { paramTensors, readParams } from '../model/paramTensors';
import type { StackState } from '../model/recurrentStack';
import { ModelBackprop, modelBptt } from './bptt/modelBptt';
import type { OptimizerConfig, StepResult, TrainEngine } from './engine';
import { TfjsOptimizer } from './tfjsOptimizer';

/** ‖g‖ over all gradients together, as d2l's grad_clipping measures it. */
function globalNorm(grads: Iterable<tf.Tensor>): tf.Scalar {
  return tf.sqrt(tf.addN([...grads].map((g) => tf.sum<tf.Scalar>(tf.square(g)))));
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

  /** Forward and backward through one minibatch from the carried state (or zero), by hand-written BPTT. */
  private backprop(batch: Minibatch, resetState: boolean): ModelBackprop {
    if (resetState) this.dropState();
    return modelBptt(this.config, (name) => this.vars.get(name) as tf.Variable, batch, this.state);
  }

  private dropState(): void {
    if (this.state) tf.dispose([this.state.h, this.state.c]);
    this.state = undefined;
  }
}
