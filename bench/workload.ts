/**
 * The d2l workload every training contender runs (d2l §9.5 / §10.1 with the book's settings):
 * the time machine corpus, one-hot input, hidden 256, batch 32, steps 35, SGD lr 1, global
 * norm clip 1, sequential minibatches with the state carried and detached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Minibatch } from '../src/core/data/minibatch';
import { seqDataIterSequential } from '../src/core/data/sequentialPartition';
import type { ModelConfig } from '../src/core/model/config';
import type { OptimizerConfig } from '../src/core/engine/engine';
import { loadCorpus } from '../src/core/text/corpus';
import { D2L_TOKENIZER } from '../src/core/text/tokenizer';
import { Rng } from '../src/core/util/rng';

export const BATCH_SIZE = 32;
export const NUM_STEPS = 35;
export const HIDDEN = 256;
export const OPTIMIZER: OptimizerConfig = { kind: 'sgd', lr: 1, clipTheta: 1 };

/** d2l's corpus, from the shared data folder beside the repository (out/bench → ../../shared). */
export function corpusPath(): string | undefined {
  const candidates = [process.env.LSTM_LENS_CORPUS, join(__dirname, '..', '..', '..', 'shared', 'data', 'timemachine.txt')];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export interface Workload {
  readonly config: ModelConfig;
  /** Endless sequential minibatches (epoch after epoch). */
  readonly batches: () => Iterator<Minibatch>;
}

/** The model's cell, width and depth (the workload's own: an LSTM of one layer of HIDDEN units). */
export type WorkloadShape = Pick<ModelConfig, 'cell' | 'hiddenSize' | 'numLayers'>;

/** The time machine corpus when present, else a random one of the same vocabulary size (28); a model of `shape`. */
export function d2lWorkload(shape: WorkloadShape = { cell: 'lstm', hiddenSize: HIDDEN, numLayers: 1 }): Workload {
  const path = corpusPath();
  const corpus = path
    ? loadCorpus(readFileSync(path, 'utf8'), D2L_TOKENIZER).corpus
    : Int32Array.from({ length: 170_580 }, (_, i, rng = new Rng(i + 1)) => rng.int(0, 27));
  const vocabSize = corpus.reduce((m, id) => Math.max(m, id), 0) + 1;
  const rng = new Rng(0);
  return {
    config: { ...shape, vocabSize },
    batches: function* () {
      for (;;) yield* seqDataIterSequential(corpus, BATCH_SIZE, NUM_STEPS, rng);
    },
  };
}
