/** The registry of cell kinds as plain data (tf.js-free, for the panel); cellSpec(kind) adds the code that runs it, cellFactories(kind) its tf.js side. */
import { CELL_KINDS, type CellKind } from '../config';
import type { CellInfo, GateNames } from './cellInfo';
import { GRU_INFO } from './gruInfo';
import { LSTM_INFO } from './lstmInfo';
import { RNN_INFO } from './rnnInfo';

const INFOS: Readonly<Record<CellKind, CellInfo>> = { lstm: LSTM_INFO, gru: GRU_INFO, rnn: RNN_INFO };

export function cellInfo(kind: CellKind): CellInfo {
  return INFOS[kind];
}

/** A table by cell kind of one thing each CellInfo says (CELL_GATES, TRACE_GATES are such tables). */
export function perCellKind<T>(of: (info: CellInfo) => T): Readonly<Record<CellKind, T>> {
  return Object.fromEntries(CELL_KINDS.map((k) => [k, of(INFOS[k])])) as Record<CellKind, T>;
}

/** A cell's gates (with their parameter names) in another library's order of gate names. */
export function gatesInOrder(kind: CellKind, order: readonly string[]): GateNames[] {
  const { gates } = INFOS[kind];
  return order.map((gate) => gates.find((g) => g.gate === gate) as GateNames);
}
