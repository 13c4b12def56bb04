/**
 * The tf.js side of each cell kind: its scratch cell (src/core/model/*Cell.ts), its
 * hand-written backward step (engine/bptt) and its built-in tf.layers twin. Kept apart from
 * CellSpec so that what runs without tf.js (the Stepper, the fused engine's threads, the panel)
 * never imports it.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellBackward } from '../../engine/bptt/cellBackward';
import { GruBackward } from '../../engine/bptt/gruBackward';
import { LstmBackward } from '../../engine/bptt/lstmBackward';
import { RnnBackward } from '../../engine/bptt/rnnBackward';
import type { CellKind } from '../config';
import { GruCell } from '../gruCell';
import { LstmCell } from '../lstmCell';
import type { LayerParams, RecurrentCell } from '../recurrentCell';
import { RnnCell } from '../rnnCell';

/** What every built-in recurrent layer of the concise twin is given: sizes, whole sequence, zero init. */
export interface KerasCommonArgs {
  readonly units: number;
  readonly returnSequences: true;
  readonly kernelInitializer: 'zeros';
  readonly recurrentInitializer: 'zeros';
}

export interface CellFactories {
  /** The scratch cell over a layer's named parameters. */
  readonly makeCell: (p: LayerParams) => RecurrentCell;
  /** The backward step through time over the cell's packed W_h. */
  readonly makeBackward: (W_h: tf.Tensor2D) => CellBackward;
  /** The built-in layer with the same equations, ready for setWeights. */
  readonly kerasLayer: (common: KerasCommonArgs) => tf.layers.Layer;
}

const FACTORIES: Readonly<Record<CellKind, CellFactories>> = {
  lstm: {
    makeCell: (p) => new LstmCell(p),
    makeBackward: (W_h) => new LstmBackward(W_h),
    // tf.js's recurrent activation defaults to a hard sigmoid; d2l's is σ
    kerasLayer: (common) => tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: false }),
  },
  gru: {
    makeCell: (p) => new GruCell(p),
    makeBackward: (W_h) => new GruBackward(W_h),
    kerasLayer: (common) => tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' }),
  },
  rnn: {
    makeCell: (p) => new RnnCell(p),
    makeBackward: (W_h) => new RnnBackward(W_h),
    kerasLayer: (common) => tf.layers.simpleRNN({ ...common, activation: 'tanh' }),
  },
};

export function cellFactories(kind: CellKind): CellFactories {
  return FACTORIES[kind];
}
