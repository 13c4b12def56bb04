/**
 * One training run, wherever it runs (the panel's Web Worker, or a worker thread of the
 * extension host when that worker cannot start): tokenize, pick the engine by a probe, run
 * d2l's train_ch8 loop on it, and report progress, epochs, samples and checkpoints through a
 * RunReporter (the place the run happens turns them into its messages). Stops when asked; on divergence keeps the last good weights; when an engine fails
 * mid-run, falls back to the next one and continues from the last good weights.
 */
import { chooseEngine, type EngineCandidate } from '../engine/chooseEngine';
import type { OptimizerConfig, TrainEngine } from '../engine/engine';
import { checkCorpusLength } from '../data/corpusLength';
import type { Minibatch } from '../data/minibatch';
import { minibatches } from '../data/partition';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../io/checkpoint';
import type { ModelConfig } from '../model/config';
import { initParams } from '../model/init';
import type { ParamSet } from '../model/paramSpec';
import { loadCorpus } from '../text/corpus';
import { decode, encode } from '../text/tokenizer';
import { Vocab } from '../text/vocab';
import type { EpochRecord } from './epochRecord';
import { Trainer, type ResumePoint } from './trainer';
import { TrainingDivergedError } from './trainingDivergedError';
import { presetModelConfig, presetOptimizer, type TrainPreset } from './trainPreset';
import { errorText } from '../util/errorText';
import { Rng } from '../util/rng';
import { failingAfter } from './faultyEngine';
import type { EngineChoice, RunReporter, SkippedEngine, TrainFaults, TrainRequest } from './runSpec';
import { throttle } from './throttle';
import { yieldToEvents } from '../util/yieldToEvents';

/** What the engines of a run are built from; the place the run happens supplies the engines. */
export interface CandidateInputs {
  readonly choice: EngineChoice;
  readonly config: ModelConfig;
  readonly params: ParamSet;
  readonly optimizer: OptimizerConfig;
  /** Rows of the run's minibatches (how many shards a batch can be split into). */
  readonly batchSize: number;
}

/** The engines available here for `inputs`, in the order the probe tries them. */
export type CandidateSource = (inputs: CandidateInputs) => EngineCandidate[];

const PROGRESS_EVERY_MS = 100;
const SAMPLE_EVERY_MS = 1000;

export interface RunControl {
  /** Set by a stop request; the trainer checks it before every minibatch. */
  readonly signal: { aborted: boolean };
  readonly report: RunReporter;
}

/** The text, vocabulary and starting point of a run (fresh, or the checkpoint it resumes). */
function prepare(req: TrainRequest) {
  if (req.resume) {
    const ckpt = decodeCheckpoint(req.resume.manifestJson, req.resume.weights);
    const vocab = new Vocab(ckpt.vocab);
    return { vocab, corpus: encode(req.text, ckpt.tokenizer, vocab), params: ckpt.params, history: [...ckpt.metrics], tokenizer: ckpt.tokenizer };
  }
  const { corpus, vocab } = loadCorpus(req.text, req.tokenizer);
  const config = presetModelConfig(req.preset, vocab.size);
  return { vocab, corpus, params: initParams(config, req.preset.seed), history: [] as EpochRecord[], tokenizer: req.tokenizer };
}

/** The run's engine: the probe's pick, broken on purpose for the first pick when a fault asks. */
async function pickEngine(candidates: EngineCandidate[], probeBatch: Minibatch, faults: TrainFaults | undefined, firstPick: boolean) {
  const choice = await chooseEngine(candidates, probeBatch);
  // lstmLens.debug.failEngineAfterBatches: the first engine breaks on purpose, to try the fallback
  const failAfter = faults?.engineFailsAfterBatches;
  const engine = failAfter !== undefined && firstPick ? failingAfter(choice.engine, failAfter) : choice.engine;
  return { engine, skipped: choice.skipped };
}

/** The first minibatch of the run's order, the one engines are probed on. */
function firstMinibatch(corpus: Int32Array, preset: TrainPreset): Minibatch {
  const batch = minibatches(corpus, preset.partition, preset.batchSize, preset.numSteps, new Rng(preset.seed))[Symbol.iterator]().next().value;
  if (!batch) throw new Error('the corpus gives no minibatch');
  return batch;
}

export async function runTraining(req: TrainRequest, candidatesFor: CandidateSource, ctl: RunControl): Promise<void> {
  const { runId, preset } = req;
  const { report } = ctl;
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(req);
    checkCorpusLength(prepared.corpus.length, preset.batchSize, preset.numSteps);
  } catch (e) {
    report.ended('failed', errorText(e));
    return;
  }
  const { vocab, corpus, tokenizer } = prepared;
  const config = presetModelConfig(preset, vocab.size);
  const optimizer = presetOptimizer(preset);
  const checkpointOf = (params: ParamSet, history: readonly EpochRecord[], engine: string): Checkpoint => ({
    config,
    tokenizer,
    vocab: vocab.idxToToken,
    params,
    training: { ...preset, ...req.provenance, engine },
    metrics: history,
  });
  const progressDue = throttle(PROGRESS_EVERY_MS);
  const sampleDue = throttle(SAMPLE_EVERY_MS);
  // Checkpoint cadence: at most every checkpointEveryMs while the run goes on, and always at its end.
  let lastCheckpointAt = performance.now();
  const postCheckpoint = (epoch: number, ckpt: Checkpoint, final: boolean) => {
    const { manifestJson, weights } = encodeCheckpoint(ckpt);
    report.checkpoint(epoch, { manifestJson, weights }, final);
    lastCheckpointAt = performance.now();
  };

  let point: ResumePoint = { params: prepared.params, history: prepared.history };
  let choice = req.engine;
  let candidates: EngineCandidate[] = candidatesFor({ choice, config, params: point.params, optimizer, batchSize: preset.batchSize });
  const skippedEver: SkippedEngine[] = [];
  const failedEngines = new Set<string>();
  let notice: string | undefined;
  for (;;) {
    let engine: TrainEngine;
    try {
      const picked = await pickEngine(candidates, firstMinibatch(corpus, preset), req.faults, failedEngines.size === 0);
      engine = picked.engine;
      skippedEver.push(...picked.skipped);
    } catch (e) {
      // A forced WebGPU engine that cannot start here (no navigator.gpu, no adapter): the run goes on on the others.
      if (choice === 'webgpu' && failedEngines.size === 0) {
        skippedEver.push({ engine: choice, reason: errorText(e) });
        notice = `lstmLens.backend asks for ${choice}, which cannot train here (${errorText(e)}); training on another engine`;
        const forced = new Set(candidates.map((c) => c.name));
        choice = 'auto';
        candidates = candidatesFor({ choice, config, params: point.params, optimizer, batchSize: preset.batchSize }).filter((c) => !forced.has(c.name));
        continue;
      }
      // After an engine broke mid-run, the epochs it finished are kept even if none is left to go on.
      if (failedEngines.size > 0) postCheckpoint(point.history.length, checkpointOf(point.params, point.history, [...failedEngines].join(', ')), true);
      report.ended('failed', errorText(e));
      return;
    }
    report.started(
      { runId, modelName: req.modelName, sourceLabel: req.sourceLabel, engine: engine.name, adapter: engine.adapter, engineDetail: engine.detail, skipped: skippedEver, vocabSize: vocab.size, corpusTokens: corpus.length, totalEpochs: preset.epochs, notice },
      point.history,
    );
    const trainer = new Trainer(engine, {
      preset,
      corpus,
      vocabSize: vocab.size,
      codec: { encode: (t) => Array.from(encode(t, tokenizer, vocab)), decode: (ids) => decode(ids, vocab) },
      signal: ctl.signal,
      resume: point,
      progressEvery: 1,
      callbacks: {
        onProgress: async (p) => {
          if (progressDue(p.batch === p.batches)) report.progress(p);
          await yieldToEvents();
        },
        onEpoch: async (r) => {
          report.epoch(r);
          point = { params: await engine.getParams(), history: [...point.history, r] };
          if (performance.now() - lastCheckpointAt >= req.checkpointEveryMs) postCheckpoint(r.epoch, checkpointOf(point.params, point.history, engine.name), false);
        },
        onSample: (s) => {
          if (sampleDue(s.epoch === preset.epochs)) report.sample(s.epoch, s.text);
        },
      },
    });
    try {
      const result = await trainer.run();
      postCheckpoint(result.history.length, checkpointOf(result.params, result.history, engine.name), true);
      report.ended(result.stopped === 'aborted' ? 'stopped' : 'finished');
      return;
    } catch (e) {
      if (e instanceof TrainingDivergedError) {
        postCheckpoint(e.history.length, checkpointOf(e.lastGoodParams, e.history, engine.name), true);
        report.ended('diverged', e.message);
        return;
      }
      // The engine broke mid-run (a lost WebGL context, say): go on with the next one (the fallback).
      const failed = engine.name;
      failedEngines.add(failed);
      skippedEver.push({ engine: failed, reason: `failed mid-run: ${errorText(e)}` });
      notice = `${failed} failed mid-run (${errorText(e)}); continuing from epoch ${point.history.length} on another engine`;
      candidates = candidatesFor({ choice: 'auto', config, params: point.params, optimizer, batchSize: preset.batchSize }).filter((c) => !failedEngines.has(c.name));
      if (candidates.length === 0) {
        postCheckpoint(point.history.length, checkpointOf(point.params, point.history, failed), true);
        report.ended('failed', `${failed} failed mid-run and no other engine is left: ${errorText(e)}`);
        return;
      }
    } finally {
      engine.dispose();
    }
  }
}
