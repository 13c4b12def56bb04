/** The one place that maps a cell kind to its backward step. */
import type { RecurrentCell } from '../../model/recurrentCell';
import type { CellBackward } from './cellBackward';
import { GruBackward } from './gruBackward';
import { LstmBackward } from './lstmBackward';
import { RnnBackward } from './rnnBackward';

/** The backward step for `cell`'s kind, over the cell's packed W_h. */
export function makeCellBackward(cell: RecurrentCell): CellBackward {
  switch (cell.kind) {
    case 'lstm':
      return new LstmBackward(cell.W_h);
    case 'gru':
      return new GruBackward(cell.W_h);
    case 'rnn':
      return new RnnBackward(cell.W_h);
  }
}
