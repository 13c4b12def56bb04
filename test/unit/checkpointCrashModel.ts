/** The checkpoints checkpointCrash.test.ts and its child write: weights and training vary with `seq`. */
import type { Checkpoint } from '../../src/core/io/checkpoint';
import { randomSavedModel } from '../fixtures/savedModels';

// About 230 KB of weights: big enough that a kill often lands inside a write.
const config = { cell: 'lstm', vocabSize: 27, hiddenSize: 64, numLayers: 2 } as const;

export function crashCheckpoint(seq: number): Checkpoint {
  return { ...randomSavedModel(config, seq), training: { seq }, metrics: [] };
}
