/** Training stopped because a loss or gradient stopped being a number. */
import type { ParamSet } from '../model/paramSpec';
import type { EpochRecord } from './epochRecord';

export class TrainingDivergedError extends Error {
  constructor(
    /** The 1-based epoch and minibatch where it happened. */
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
    readonly gradNorm: number,
    /** The weights after the last complete epoch (the initial ones in the first), loaded back into the engine. */
    readonly lastGoodParams: ParamSet,
    /** The epochs completed before it. */
    readonly history: readonly EpochRecord[],
  ) {
    super(
      `Training diverged in epoch ${epoch}, minibatch ${batch}: loss ${loss}, gradient norm ${gradNorm}. ` +
        `The weights of the last complete epoch (${history.length}) were kept; try a smaller learning rate or clip θ.`,
    );
    this.name = 'TrainingDivergedError';
  }
}
