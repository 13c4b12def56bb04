/**
 * The parameter update of the tf.js engine: SGD (d2l's `sgd`, θ ← θ − η·g on the mean loss, so
 * no division by the batch size) or Adam, applied to already clipped gradients.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from './engine';
import { ADAM } from './adam';

export class TfjsOptimizer {
  /** Adam's first and second moments per parameter name, created on the first update. */
  private moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  /** Adam's step count t, for the bias corrections. */
  private t = 0;

  constructor(private readonly config: OptimizerConfig, private readonly vars: ReadonlyMap<string, tf.Variable>) {}

  /** One update with every gradient multiplied by `scale` (the clipping factor θ/‖g‖ or 1). */
  apply(grads: ReadonlyMap<string, tf.Tensor>, scale: number): void {
    const lr = this.config.lr;
    if (this.config.kind === 'sgd') {
      tf.tidy(() => {
        for (const [name, v] of this.vars) v.assign(tf.sub(v, tf.mul(lr * scale, grads.get(name) as tf.Tensor)));
      });
      return;
    }
    this.t++;
    const c1 = 1 - ADAM.beta1 ** this.t;
    const c2 = 1 - ADAM.beta2 ** this.t;
    tf.tidy(() => {
      for (const [name, v] of this.vars) {
        const g = tf.mul(scale, grads.get(name) as tf.Tensor);
        const mv = this.momentsOf(name, v);
        mv.m.assign(tf.add(tf.mul(ADAM.beta1, mv.m), tf.mul(1 - ADAM.beta1, g))); // m ← β1·m + (1 − β1)·g
        mv.v.assign(tf.add(tf.mul(ADAM.beta2, mv.v), tf.mul(1 - ADAM.beta2, tf.square(g)))); // v ← β2·v + (1 − β2)·g²
        const step = tf.div(tf.div(mv.m, c1), tf.add(tf.sqrt(tf.div(mv.v, c2)), ADAM.eps)); // m̂ / (√v̂ + ε)
        v.assign(tf.sub(v, tf.mul(lr, step)));
      }
    });
  }

  /** Forgets Adam's moments and step count (new parameters start a new run). */
  reset(): void {
    this.dispose();
    this.moments = new Map();
    this.t = 0;
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
  }

  private momentsOf(name: string, like: tf.Variable): { m: tf.Variable; v: tf.Variable } {
    let mv = this.moments.get(name);
    if (!mv) {
      mv = { m: tf.variable(tf.zerosLike(like), false), v: tf.variable(tf.zerosLike(like), false) };
      this.moments.set(name, mv);
    }
    return mv;
  }
}
