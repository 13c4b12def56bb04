/** The one place that maps a cell kind to its tf.js class. */
import type { CellKind } from './config';
import { GruCell } from './gruCell';
import { LstmCell } from './lstmCell';
import type { LayerParams, RecurrentCell } from './recurrentCell';
import { RnnCell } from './rnnCell';

export function makeCell(kind: CellKind, p: LayerParams): RecurrentCell {
  switch (kind) {
    case 'lstm':
      return new LstmCell(p);
    case 'gru':
      return new GruCell(p);
    case 'rnn':
      return new RnnCell(p);
  }
}
