/**
 * d2l's train_ch8 / train_epoch_ch8: epochs over minibatches of a corpus, perplexity and
 * tokens/s per epoch, a greedy sample every few epochs, stop and resume. How a minibatch is
 * computed is the engine's business (TrainEngine): tf.js or the fused WebAssembly engine.
 */
import { minibatches } from '../data/partition';
import type { TrainEngine } from '../engine/engine';
import { generate } from '../infer/sampling';
import type { ParamSet } from '../model/paramSpec';
import { Rng } from '../util/rng';
import { EpochMeter, EpochRecord } from './epochRecord';
import { TrainingDivergedError } from './trainingDivergedError';
import type { TrainPreset } from './trainPreset';

/** Progress within an epoch, for a progress bar. */
export interface TrainProgress {
  readonly epoch: number;
  /** Minibatches done in this epoch, and how many it has. */
  readonly batch: number;
  readonly batches: number;
  /** The latest minibatch's mean loss. */
  readonly loss: number;
  readonly tokensPerSec: number;
}

/** A greedy continuation of the preset's prefix, after an epoch (d2l prints predict('time traveller')). */
export interface TrainSample {
  readonly epoch: number;
  readonly text: string;
}

/** Callbacks may be async (a worker posting a message); the trainer waits for them. */
export interface TrainCallbacks {
  onEpoch?(record: EpochRecord): void | Promise<void>;
  onProgress?(progress: TrainProgress): void | Promise<void>;
  onSample?(sample: TrainSample): void | Promise<void>;
}

/** Text ↔ token ids, for samples (the trainer itself only sees ids). */
export interface TextCodec {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/** Where a resumed run picks up: the weights, and the epochs already done. */
export interface ResumePoint {
  readonly params: ParamSet;
  readonly history: readonly EpochRecord[];
}

export interface TrainerOptions {
  readonly preset: TrainPreset;
  /** The corpus as token ids, and the vocabulary size V they come from. */
  readonly corpus: Int32Array;
  readonly vocabSize: number;
  /** Needed for samples; without it onSample is never called. */
  readonly codec?: TextCodec;
  readonly callbacks?: TrainCallbacks;
  /** An AbortSignal (or anything with `aborted`): checked before every minibatch. */
  readonly signal?: { readonly aborted: boolean };
  readonly resume?: ResumePoint;
  /** onProgress after every this many minibatches (default 10). */
  readonly progressEvery?: number;
}

export interface TrainResult {
  /** Every completed epoch, resumed ones included. */
  readonly history: readonly EpochRecord[];
  /** The weights at the end (mid-epoch when stopped). */
  readonly params: ParamSet;
  readonly stopped: 'finished' | 'aborted';
}

/** Each epoch draws its minibatches from its own generator, so a resumed run sees the same ones. */
function epochRng(seed: number, epoch: number): Rng {
  return new Rng((seed ^ Math.imul(epoch, 0x9e3779b1)) >>> 0);
}

export class Trainer {
  constructor(private readonly engine: TrainEngine, private readonly options: TrainerOptions) {
    if (engine.config.vocabSize !== options.vocabSize) {
      throw new Error(`The engine's model has a vocabulary of ${engine.config.vocabSize}, the corpus ${options.vocabSize}`);
    }
  }

  async run(): Promise<TrainResult> {
    const { preset, resume, signal } = this.options;
    if (resume) await this.engine.setParams(resume.params);
    const history = [...(resume?.history ?? [])];
    let lastGood = resume?.params ?? (await this.engine.getParams());
    for (let epoch = history.length + 1; epoch <= preset.epochs; epoch++) {
      const record = await this.runEpoch(epoch, history, lastGood);
      if (!record) return { history, params: await this.engine.getParams(), stopped: 'aborted' };
      history.push(record);
      lastGood = await this.engine.getParams();
      await this.options.callbacks?.onEpoch?.(record);
      if (epoch % preset.sampleEvery === 0 || epoch === preset.epochs) await this.sample(epoch, lastGood);
      if (signal?.aborted) break;
    }
    return { history, params: lastGood, stopped: signal?.aborted ? 'aborted' : 'finished' };
  }

  /** train_epoch_ch8; undefined when stopped before the epoch ended. */
  private async runEpoch(epoch: number, history: readonly EpochRecord[], lastGood: ParamSet): Promise<EpochRecord | undefined> {
    const { preset, corpus, signal, callbacks } = this.options;
    const progressEvery = this.options.progressEvery ?? 10;
    const batches = minibatches(corpus, preset.partition, preset.batchSize, preset.numSteps, epochRng(preset.seed, epoch));
    const meter = new EpochMeter();
    let i = 0;
    for (const batch of batches) {
      if (signal?.aborted) return undefined;
      // The state starts at zero each epoch, and each minibatch for the random partition.
      const { loss, gradNorm } = await this.engine.trainStep(batch, i === 0 || preset.partition === 'random');
      i++;
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        await this.engine.setParams(lastGood);
        throw new TrainingDivergedError(epoch, i, loss, gradNorm, lastGood, history);
      }
      meter.add(loss, batch.batchSize * batch.numSteps);
      if (callbacks?.onProgress && (i % progressEvery === 0 || i === batches.count)) {
        await callbacks.onProgress({ epoch, batch: i, batches: batches.count, loss, tokensPerSec: meter.tokens / meter.seconds() });
      }
    }
    return meter.record(epoch);
  }

  private async sample(epoch: number, params: ParamSet): Promise<void> {
    const { codec, callbacks, preset, corpus } = this.options;
    if (!codec || !callbacks?.onSample) return;
    const prefix = preset.samplePrefix ? codec.encode(preset.samplePrefix) : Array.from(corpus.subarray(0, 10));
    const { tokens } = generate(params, this.engine.config, prefix, preset.sampleLength);
    await callbacks.onSample({ epoch, text: codec.decode(tokens) });
  }
}
