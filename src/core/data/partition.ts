/**
 * Choosing between d2l's two ways of cutting a corpus into minibatches (d2l.ai ch. 8.3).
 * `random`: unrelated subsequences, state reset per minibatch. `sequential`: minibatches
 * continue each other, state carried across them (detached from the graph).
 */
import { checkCorpusLength } from './corpusLength';
import type { EpochBatches } from './epochBatches';
import { randomBatchCount, seqDataIterRandom } from './randomPartition';
import { seqDataIterSequential, sequentialBatchCount } from './sequentialPartition';
import type { Rng } from '../util/rng';

export type Partition = 'random' | 'sequential';

export const PARTITIONS: readonly Partition[] = ['random', 'sequential'];

/**
 * One epoch of minibatches of `corpus` (d2l's `SeqDataLoader` iteration). The offset (and for
 * `random`, the order) is drawn from `rng` when this is called. Throws naming the minimum
 * length when the corpus is too short for one minibatch.
 */
export function minibatches(corpus: Int32Array, partition: Partition, batchSize: number, numSteps: number, rng: Rng): EpochBatches {
  checkCorpusLength(corpus.length, batchSize, numSteps);
  return partition === 'random'
    ? seqDataIterRandom(corpus, batchSize, numSteps, rng)
    : seqDataIterSequential(corpus, batchSize, numSteps, rng);
}

/**
 * Minibatches per epoch for the largest offset either partition can draw: every epoch yields
 * this many, some one more (the exact count of an epoch is its `count`). For progress bars.
 */
export function batchesPerEpoch(corpusLength: number, partition: Partition, batchSize: number, numSteps: number): number {
  return partition === 'random'
    ? randomBatchCount(corpusLength, batchSize, numSteps, numSteps - 1)
    : sequentialBatchCount(corpusLength, batchSize, numSteps, numSteps);
}
