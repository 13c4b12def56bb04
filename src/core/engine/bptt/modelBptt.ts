/**
 * d2l's train_epoch_ch8 gradient, backpropagated by hand: forward through the scratch model
 * (its cells' own steps), mean softmax cross-entropy, then BPTT layer by layer from the head
 * down. Gives what tf.variableGrads gives on LanguageModel (a unit test holds them together)
 * in far fewer kernels: each weight gradient is one product over the whole sequence rather
 * than one per step, and no product asks for a transposed operand (see transposedProduct).
 */
import * as tf from '@tensorflow/tfjs';
import type { Minibatch } from '../../data/minibatch';
import type { ModelConfig } from '../../model/config';
import { LanguageModel } from '../../model/languageModel';
import { oneHotInputs, timeMajorTargets } from '../../model/batchTensors';
import { CELL_GATES, layerParamName } from '../../model/paramSpec';
import type { CellState } from '../../model/recurrentCell';
import { ParamLookup, StackState, zeroState } from '../../model/recurrentStack';
import { crossEntropyWithGrad } from '../crossEntropy';
import { LayerGrads, LayerTape, backwardLayer, forwardLayer } from './layerBptt';
import { transposedProduct } from './transposedProduct';

/** The loss, ∂loss/∂θ by parameter name, and the final state (detached: no gradient flows into it). */
export interface ModelBackprop {
  readonly loss: tf.Scalar;
  readonly grads: Map<string, tf.Tensor>;
  readonly state: StackState;
}

/** Splits a layer's packed gradients back into d2l's named parameters (`l0.W_xi`, ...). */
function namedLayerGrads(config: ModelConfig, layer: number, g: LayerGrads): [string, tf.Tensor][] {
  const gates = CELL_GATES[config.cell];
  const [dW_x, dW_h, db] = [g.dW_x, g.dW_h, g.db].map((packed) => tf.split(packed, gates.length, packed.rank - 1));
  return gates.flatMap((gate, i): [string, tf.Tensor][] => [
    [layerParamName(layer, gate.wx), dW_x[i]],
    [layerParamName(layer, gate.wh), dW_h[i]],
    [layerParamName(layer, gate.b), db[i]],
  ]);
}

/**
 * Forward and backward through one minibatch from `start` (zero when absent, else read and
 * left alone). Every intermediate tensor is freed; the caller owns what it returns.
 */
export function modelBptt(config: ModelConfig, params: ParamLookup, batch: Minibatch, start?: StackState): ModelBackprop {
  // tf.tidy keeps what it returns only from arrays and plain objects, not from a Map.
  const kept = tf.tidy(() => {
    const { loss, grads, state } = backpropagate(config, params, batch, start);
    return { loss, state: { ...state }, names: [...grads.keys()], grads: [...grads.values()] };
  });
  return { loss: kept.loss, grads: new Map(kept.names.map((name, i) => [name, kept.grads[i]])), state: kept.state };
}

function backpropagate(config: ModelConfig, params: ParamLookup, batch: Minibatch, start?: StackState): ModelBackprop {
  const { batchSize, numSteps } = batch;
  const model = new LanguageModel(config, params);
  const from = start ?? zeroState(config, batchSize);
  const h0 = tf.unstack(from.h) as tf.Tensor2D[];
  const c0 = from.c && (tf.unstack(from.c) as tf.Tensor2D[]);

  // Forward: the one-hot X_t of each step into layer 0, each layer's H_t into the next.
  let inputs = tf.unstack(oneHotInputs(batch, config.vocabSize)) as tf.Tensor2D[];
  const tapes: LayerTape[] = model.stack.cells.map((cell, k) => {
    const tape = forwardLayer(cell, inputs, c0 ? { h: h0[k], c: c0[k] } : { h: h0[k] });
    inputs = [...tape.outputs];
    return tape;
  });
  const H = tf.concat(inputs); // [steps·batch, h], time-major like the targets
  const { loss, dLogits } = crossEntropyWithGrad(model.head(H), timeMajorTargets(batch));

  // Backward: Y = H W_hq + b_q, then each layer from the top down.
  const W_hq = params('W_hq') as tf.Tensor2D;
  const grads = new Map<string, tf.Tensor>([
    ['W_hq', transposedProduct(H, dLogits)], // ∂W_hq = Hᵀ ∂Y
    ['b_q', tf.sum(dLogits, 0)],
  ]);
  // ∂H_t = ∂Y_t W_hqᵀ, step by step: cutting the narrow ∂Y into steps is cheaper than cutting ∂H
  const W_hqT = tf.transpose(W_hq);
  const dLogitsPerStep = tf.unstack(tf.reshape(dLogits, [numSteps, batchSize, config.vocabSize])) as tf.Tensor2D[];
  let dOutputs = dLogitsPerStep.map((dY) => tf.matMul<tf.Tensor2D>(dY, W_hqT));
  for (let k = tapes.length - 1; k >= 0; k--) {
    const g = backwardLayer(model.stack.cells[k], tapes[k], dOutputs, k > 0);
    for (const [name, grad] of namedLayerGrads(config, k, g)) grads.set(name, grad);
    dOutputs = [...(g.dInputs ?? [])];
  }

  const finals: CellState[] = tapes.map((t) => t.final);
  const h = tf.stack(finals.map((s) => s.h)) as tf.Tensor3D;
  const c = c0 && (tf.stack(finals.map((s) => s.c as tf.Tensor2D)) as tf.Tensor3D);
  return { loss, grads, state: c ? { h, c } : { h } };
}
