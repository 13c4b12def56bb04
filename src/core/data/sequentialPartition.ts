/**
 * d2l's `seq_data_iter_sequential`: the corpus (after a random offset) is cut into `batchSize`
 * long rows, and minibatch k+1 takes the `numSteps` columns after minibatch k, so row r of one
 * minibatch continues row r of the one before and the state can be carried across them.
 */
import { EpochBatches, windowBatch } from './epochBatches';
import type { Rng } from '../util/rng';

/** The length of each of the `batchSize` rows (d2l's `Xs.shape[1]`) when starting `offset` tokens in. */
function rowLength(corpusLength: number, batchSize: number, offset: number): number {
  // num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size, reshaped to batch_size rows
  return Math.max(0, Math.floor((corpusLength - offset - 1) / batchSize));
}

/** d2l's `num_batches` of the sequential partition when it starts `offset` tokens in. */
export function sequentialBatchCount(corpusLength: number, batchSize: number, numSteps: number, offset: number): number {
  return Math.floor(rowLength(corpusLength, batchSize, offset) / numSteps);
}

/** One epoch of the sequential partition; draws the offset from `rng` now. */
export function seqDataIterSequential(corpus: Int32Array, batchSize: number, numSteps: number, rng: Rng): EpochBatches {
  const offset = rng.int(0, numSteps); // random.randint(0, num_steps): both ends included
  const cols = rowLength(corpus.length, batchSize, offset);
  const numBatches = sequentialBatchCount(corpus.length, batchSize, numSteps, offset);
  return {
    count: numBatches,
    *[Symbol.iterator]() {
      for (let i = 0; i < numSteps * numBatches; i += numSteps) {
        // Xs[:, i: i + num_steps], where Xs[row, i] = corpus[offset + row * cols + i]; Ys one token later
        yield windowBatch(corpus, Array.from({ length: batchSize }, (_, row) => offset + row * cols + i), numSteps);
      }
    },
  };
}
