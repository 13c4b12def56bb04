/** What both partitions yield: one epoch of minibatches, each cut from the corpus as windows. */
import type { Minibatch } from './minibatch';

/** The minibatches of one epoch, their count known before the first one is drawn. */
export interface EpochBatches extends Iterable<Minibatch> {
  /** How many minibatches this epoch yields (d2l's `num_batches` for the drawn offset). */
  readonly count: number;
}

/**
 * The minibatch whose row r is the window of `numSteps` tokens at `starts[r]` (d2l's X) and
 * its targets, the same window one token later (d2l's Y).
 */
export function windowBatch(corpus: Int32Array, starts: readonly number[], numSteps: number): Minibatch {
  const batchSize = starts.length;
  const inputs = new Int32Array(batchSize * numSteps);
  const targets = new Int32Array(batchSize * numSteps);
  starts.forEach((pos, row) => {
    inputs.set(corpus.subarray(pos, pos + numSteps), row * numSteps);
    targets.set(corpus.subarray(pos + 1, pos + 1 + numSteps), row * numSteps);
  });
  return { inputs, targets, batchSize, numSteps };
}
