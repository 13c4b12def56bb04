/**
 * Compare Cells on the wire: the host's picture of a comparison (RNN, GRU and LSTM trained one
 * after another on the same text with the same preset), sent whole each time it changes, for
 * the panel's Compare view to draw.
 */
import { CELL_KINDS, type CellKind } from '../core/model/config';
import { TRAIN_OUTCOMES, type TrainOutcome } from '../core/train/runSpec';
import { arrayOf, isAnyNum, isInt, isNum, isStr, objectOf, oneOf, optional, type Check } from './validate';

/** Where one cell of a comparison is: waiting its turn, training, done (with an outcome), or never started (Stop came first). */
export type ComparedCellState = 'queued' | 'training' | 'done' | 'skipped';
export const COMPARED_CELL_STATES: readonly ComparedCellState[] = ['queued', 'training', 'done', 'skipped'];

/** Where a comparison is: its runs going, its memory-length curves being measured, or over. */
export type ComparisonPhase = 'training' | 'measuring' | 'done';
export const COMPARISON_PHASES: readonly ComparisonPhase[] = ['training', 'measuring', 'done'];

/** One cell's run and what it measured. */
export interface ComparedCell {
  readonly cell: CellKind;
  /** Its stored model (`<base>-<cell>`). */
  readonly modelName: string;
  readonly state: ComparedCellState;
  /** How its run ended, once it has. */
  readonly outcome?: TrainOutcome;
  /** The run's id while it trains (the Compare view's Stop names it). */
  readonly runId?: string;
  readonly engine?: string;
  /** The model's parameter count, known once its vocabulary is. */
  readonly parameters?: number;
  /** Perplexity after each epoch, epoch 1 first. */
  readonly perplexities: readonly number[];
  /** The last epoch's training speed. */
  readonly tokensPerSec?: number;
  /**
   * Mean gradient connectivity at distance k = 1..memory.length (the memory-length curve);
   * absent until measured, and for a run that left no checkpoint.
   */
  readonly memory?: readonly number[];
}

export interface Comparison {
  readonly id: string;
  readonly sourceLabel: string;
  readonly phase: ComparisonPhase;
  readonly cells: readonly ComparedCell[];
}

/** No preset runs anywhere near this many epochs, nor measures so long a memory. */
const MAX_POINTS = 1 << 20;

const isComparedCell: Check<ComparedCell> = objectOf({
  cell: oneOf(CELL_KINDS),
  modelName: isStr,
  state: oneOf(COMPARED_CELL_STATES),
  outcome: optional(oneOf(TRAIN_OUTCOMES)),
  runId: optional(isStr),
  engine: optional(isStr),
  parameters: optional(isInt),
  perplexities: arrayOf(isAnyNum, MAX_POINTS),
  tokensPerSec: optional(isNum),
  memory: optional(arrayOf(isAnyNum, MAX_POINTS)),
});

export const isComparison: Check<Comparison> = objectOf({
  id: isStr,
  sourceLabel: isStr,
  phase: oneOf(COMPARISON_PHASES),
  cells: arrayOf(isComparedCell, CELL_KINDS.length),
});
