/** The GPU side of each cell kind. */
import type { CellKind } from '../../../model/config';
import type { CellGpu } from './cellGpu';
import { GRU_GPU } from './gruGpu';
import { LSTM_GPU } from './lstmGpu';
import { RNN_GPU } from './rnnGpu';

export const CELL_GPUS: Readonly<Record<CellKind, CellGpu>> = { lstm: LSTM_GPU, gru: GRU_GPU, rnn: RNN_GPU };
