/**
 * d2l's `seq_data_iter_random`: a random offset, then non-overlapping subsequences of
 * `numSteps` tokens taken in random order, so adjacent minibatches are unrelated and the
 * model's state is re-initialised for each one.
 */
import { EpochBatches, windowBatch } from './epochBatches';
import type { Rng } from '../util/rng';

/** d2l's `num_batches` of the random partition when it starts `offset` tokens in. */
export function randomBatchCount(corpusLength: number, batchSize: number, numSteps: number, offset: number): number {
  const numSubseqs = Math.floor((corpusLength - offset - 1) / numSteps);
  return Math.max(0, Math.floor(numSubseqs / batchSize));
}

/** One epoch of the random partition; draws the offset and the order from `rng` now. */
export function seqDataIterRandom(corpus: Int32Array, batchSize: number, numSteps: number, rng: Rng): EpochBatches {
  // corpus = corpus[random.randint(0, num_steps - 1):]
  const offset = rng.int(0, numSteps - 1);
  const numSubseqs = Math.floor((corpus.length - offset - 1) / numSteps);
  // initial_indices = list(range(0, num_subseqs * num_steps, num_steps)), shuffled
  const initialIndices = rng.shuffle(Array.from({ length: numSubseqs }, (_, i) => offset + i * numSteps));
  const numBatches = randomBatchCount(corpus.length, batchSize, numSteps, offset);
  return {
    count: numBatches,
    *[Symbol.iterator]() {
      for (let i = 0; i < batchSize * numBatches; i += batchSize) {
        // X = [data(j) for j in initial_indices_per_batch], Y = [data(j + 1) ...]
        yield windowBatch(corpus, initialIndices.slice(i, i + batchSize), numSteps);
      }
    },
  };
}
