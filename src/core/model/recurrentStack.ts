/**
 * numLayers cells on top of each other, with PyTorch's nn.LSTM shapes and semantics:
 * input [steps, batch, d], output [steps, batch, h] (the top layer's H at every step), state
 * ([layers, batch, h], [layers, batch, h]); layer k > 0 reads layer k − 1's H as its X.
 */
import * as tf from '@tensorflow/tfjs';
import { cellFactories } from './cells/cellFactories';
import { cellInfo } from './cells/cellInfos';
import { ModelConfig } from './config';
import { layerParamName } from './paramSpec';
import type { CellState, RecurrentCell } from './recurrentCell';

/** Looks up a parameter by its full name (`l0.W_xi`, `W_hq`). */
export type ParamLookup = (name: string) => tf.Tensor;

/** A stack's state: H [layers, batch, h], and C [layers, batch, h] for the LSTM. */
export interface StackState {
  readonly h: tf.Tensor3D;
  readonly c?: tf.Tensor3D;
}

/** The zero state d2l starts from (init_lstm_state / begin_state). */
export function zeroState(config: ModelConfig, batchSize: number): StackState {
  const shape: [number, number, number] = [config.numLayers, batchSize, config.hiddenSize];
  return cellInfo(config.cell).hasCellState ? { h: tf.zeros(shape), c: tf.zeros(shape) } : { h: tf.zeros(shape) };
}

export class RecurrentStack {
  readonly cells: readonly RecurrentCell[];

  constructor(readonly config: ModelConfig, params: ParamLookup) {
    this.cells = Array.from({ length: config.numLayers }, (_, k) =>
      cellFactories(config.cell).makeCell((name) => params(layerParamName(k, name))),
    );
  }

  forward(x: tf.Tensor3D, state?: StackState): { output: tf.Tensor3D; state: StackState } {
    const [numSteps, batchSize] = x.shape;
    const start = state ?? zeroState(this.config, batchSize);
    const h0 = tf.unstack(start.h) as tf.Tensor2D[];
    const c0 = start.c && (tf.unstack(start.c) as tf.Tensor2D[]);
    const finals: CellState[] = [];
    let layerInput = x;
    this.cells.forEach((cell, k) => {
      // One input projection for all steps: X W_x* + b_* as [steps·batch, G·h], then per step.
      const xProj = cell.projectInput(tf.reshape(layerInput, [numSteps * batchSize, -1]));
      const perStep = tf.unstack(tf.reshape(xProj, [numSteps, batchSize, -1])) as tf.Tensor2D[];
      let s: CellState = c0 ? { h: h0[k], c: c0[k] } : { h: h0[k] };
      const outputs = perStep.map((xt) => (s = cell.step(xt, s).state).h);
      finals.push(s);
      layerInput = tf.stack(outputs) as tf.Tensor3D;
    });
    const h = tf.stack(finals.map((s) => s.h)) as tf.Tensor3D;
    const c = c0 && (tf.stack(finals.map((s) => s.c as tf.Tensor2D)) as tf.Tensor3D);
    return { output: layerInput, state: c ? { h, c } : { h } };
  }
}
