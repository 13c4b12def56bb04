/**
 * d2l's "concise" model on tf.js's built-in recurrent layers (tf.layers.lstm / gru /
 * simpleRNN, Keras semantics) and the converter that loads our named parameters into them.
 * It exists to prove the scratch cells compute exactly what a framework computes.
 *
 * Keras packs the gates in its own order: LSTM i, f, c, o (ours I, F, O, C̃), GRU z, r, h (ours
 * R, Z, H̃, with the reset applied before the recurrent matmul as in d2l); kernels are [d, G·h]
 * acting on row vectors, like d2l's W. The LSTM needs recurrentActivation 'sigmoid' (tf.js
 * defaults to hard sigmoid).
 */
import * as tf from '@tensorflow/tfjs';
import { cellFactories } from './cells/cellFactories';
import { cellInfo, gatesInOrder } from './cells/cellInfos';
import { CellKind, ModelConfig, layerInputSize } from './config';
import { GateNames, ParamSet, layerParamName } from './paramSpec';

/** Our gates' parameter names for a cell, in the order Keras packs them. */
function kerasGates(kind: CellKind): GateNames[] {
  return gatesInOrder(kind, cellInfo(kind).kerasGateOrder);
}

/** Concatenates [rows, cols] blocks side by side: [rows, Σ cols]. */
function sideBySide(blocks: readonly Float32Array[], rows: number): Float32Array {
  const widths = blocks.map((b) => b.length / rows);
  const total = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(rows * total);
  let col = 0;
  blocks.forEach((block, i) => {
    for (let r = 0; r < rows; r++) out.set(block.subarray(r * widths[i], (r + 1) * widths[i]), r * total + col);
    col += widths[i];
  });
  return out;
}

/**
 * Our parameters as the weights of each Keras recurrent layer ([kernel [d, G·h],
 * recurrent_kernel [h, G·h], bias [G·h]]) and of the Dense head ([W_hq, b_q]).
 */
export function toLayersWeights(config: ModelConfig, params: ParamSet): { layers: tf.Tensor[][]; head: tf.Tensor[] } {
  const h = config.hiddenSize;
  const get = (name: string): Float32Array => {
    const v = params.get(name);
    if (!v) throw new Error(`Missing parameter ${name}`);
    return v;
  };
  const gates = kerasGates(config.cell);
  const g = gates.length;
  const layers = Array.from({ length: config.numLayers }, (_, k) => {
    const d = layerInputSize(config, k);
    const take = (key: 'wx' | 'wh' | 'b') => gates.map((n) => get(layerParamName(k, n[key])));
    return [
      tf.tensor2d(sideBySide(take('wx'), d), [d, g * h]),
      tf.tensor2d(sideBySide(take('wh'), h), [h, g * h]),
      tf.tensor1d(sideBySide(take('b'), 1)),
    ];
  });
  return { layers, head: [tf.tensor2d(get('W_hq'), [h, config.vocabSize]), tf.tensor1d(get('b_q'))] };
}

/** d2l's concise RNNModel on tf.layers, with PyTorch's time-major input like LanguageModel. */
export class ConciseTwin {
  private readonly recurrent: tf.layers.Layer[];
  private readonly dense: tf.layers.Layer;

  constructor(readonly config: ModelConfig, params: ParamSet) {
    const common = { units: config.hiddenSize, returnSequences: true, kernelInitializer: 'zeros', recurrentInitializer: 'zeros' } as const;
    this.recurrent = Array.from({ length: config.numLayers }, () => cellFactories(config.cell).kerasLayer(common));
    this.dense = tf.layers.dense({ units: config.vocabSize });
    const weights = toLayersWeights(config, params);
    tf.tidy(() => {
      // Build each layer on a dummy input of the right width, then load our weights.
      this.recurrent.forEach((layer, k) => {
        layer.apply(tf.zeros([1, 1, layerInputSize(config, k)]));
        layer.setWeights(weights.layers[k]);
      });
      this.dense.apply(tf.zeros([1, config.hiddenSize]));
      this.dense.setWeights(weights.head);
    });
    tf.dispose([...weights.layers.flat(), ...weights.head]);
  }

  /** x [steps, batch, V] from the zero state → logits [steps·batch, V], time-major. */
  forward(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      let seq = tf.transpose(x, [1, 0, 2]) as tf.Tensor3D; // Keras reads [batch, steps, d]
      for (const layer of this.recurrent) seq = layer.apply(seq) as tf.Tensor3D;
      const H = tf.reshape(tf.transpose(seq, [1, 0, 2]), [-1, this.config.hiddenSize]) as tf.Tensor2D;
      return this.dense.apply(H) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const layer of [...this.recurrent, this.dense]) layer.dispose();
  }
}
