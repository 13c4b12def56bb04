/** The registry of cell kinds with their tf.js-free code: what the Stepper and the fused engine dispatch on. */
import type { CellKind } from '../config';
import type { CellSpec } from './cellSpec';
import { GRU_SPEC } from './gruSpec';
import { LSTM_SPEC } from './lstmSpec';
import { RNN_SPEC } from './rnnSpec';

const SPECS: Readonly<Record<CellKind, CellSpec>> = { lstm: LSTM_SPEC, gru: GRU_SPEC, rnn: RNN_SPEC };

export function cellSpec(kind: CellKind): CellSpec {
  return SPECS[kind];
}
