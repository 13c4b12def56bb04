import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import type { StepResult, TrainEngine } from '../../src/core/engine/engine';
import type { Minibatch } from '../../src/core/data/minibatch';
import { initParams } from '../../src/core/model/init';
import { cloneParams, type ParamSet } from '../../src/core/model/paramSpec';
import { Trainer, type TextCodec } from '../../src/core/train/trainer';
import { PRESETS, TrainPreset, presetModelConfig, presetOptimizer, validatePreset } from '../../src/core/train/trainPreset';
import { TrainingDivergedError } from '../../src/core/train/trainingDivergedError';
import type { EpochRecord } from '../../src/core/train/epochRecord';

const text = 'the quick brown fox jumps over the lazy dog '.repeat(12);
const chars = [...new Set(text)].sort();
const codec: TextCodec = {
  encode: (s) => [...s].map((ch) => chars.indexOf(ch)),
  decode: (ids) => ids.map((i) => chars[i]).join(''),
};
const corpus = Int32Array.from(codec.encode(text));
const V = chars.length;

const small: TrainPreset = {
  ...PRESETS.quick, hiddenSize: 32, numSteps: 10, batchSize: 8, epochs: 3,
  optimizer: 'adam', lr: 0.02, samplePrefix: 'the ', sampleLength: 20, sampleEvery: 1,
};

function tfjsEngine(preset: TrainPreset): TfjsEngine {
  const config = presetModelConfig(preset, V);
  return new TfjsEngine(config, initParams(config, preset.seed), presetOptimizer(preset));
}

test('the presets are valid and d2l\'s is the book\'s run', () => {
  for (const p of Object.values(PRESETS)) validatePreset(p);
  const d2l = PRESETS.d2l;
  assert.deepEqual([d2l.cell, d2l.hiddenSize, d2l.numLayers, d2l.numSteps, d2l.batchSize, d2l.lr, d2l.clipTheta, d2l.epochs, d2l.partition, d2l.samplePrefix], ['lstm', 256, 1, 35, 32, 1, 1, 500, 'sequential', 'time traveller']);
  assert.throws(() => validatePreset({ ...d2l, batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  assert.throws(() => validatePreset({ ...d2l, partition: 'shuffled' as never }), /partition must be one of random, sequential/);
});

test('a short repetitive text is learned to perplexity < 1.5 (tf.js, wasm)', async () => {
  await useBackend('wasm');
  const preset: TrainPreset = { ...small, lr: 0.05, epochs: 10, sampleEvery: 10 };
  const engine = tfjsEngine(preset);
  const samples: string[] = [];
  const result = await new Trainer(engine, { preset, corpus, vocabSize: V, codec, callbacks: { onSample: (s) => void samples.push(s.text) } }).run();
  engine.dispose();
  const last = result.history.at(-1) as EpochRecord;
  assert.equal(result.stopped, 'finished');
  assert.ok(last.perplexity < 1.5, `perplexity ${last.perplexity}`);
  assert.ok(result.history[0].perplexity > 2 * last.perplexity);
  assert.equal(samples.length, 1);
  assert.ok(samples[0].startsWith('the quick brown'), samples[0]);
});

test('callbacks report each epoch, progress and samples; the random partition trains too', async () => {
  await useBackend('cpu');
  const preset: TrainPreset = { ...small, partition: 'random' };
  const engine = tfjsEngine(preset);
  const epochs: EpochRecord[] = [];
  const progress: number[] = [];
  const samples: string[] = [];
  const tensors: number[] = [];
  await new Trainer(engine, {
    preset, corpus, vocabSize: V, codec, progressEvery: 2,
    callbacks: {
      onEpoch: (r) => void (epochs.push(r), tensors.push(tf.memory().numTensors)),
      onProgress: (p) => void progress.push(p.batch),
      onSample: (s) => void samples.push(s.text),
    },
  }).run();
  engine.dispose();
  assert.deepEqual(tensors, [tensors[0], tensors[0], tensors[0]], 'no tensors leak from epoch to epoch');
  assert.deepEqual(epochs.map((r) => r.epoch), [1, 2, 3]);
  for (const r of epochs) assert.ok(r.tokensPerSec > 0 && r.tokens % (small.batchSize * small.numSteps) === 0 && r.perplexity > 1);
  assert.ok(progress.includes(2));
  assert.equal(samples.length, 3);
  assert.ok(samples.every((s) => s.startsWith('the ') && s.length === 24));
});

test('stopping and resuming gives the same run as going straight through', async () => {
  await useBackend('cpu');
  const preset: TrainPreset = { ...small, optimizer: 'sgd', lr: 1, epochs: 4 };
  const straightEngine = tfjsEngine(preset);
  const straight = await new Trainer(straightEngine, { preset, corpus, vocabSize: V }).run();
  straightEngine.dispose();

  const stop = new AbortController();
  const firstEngine = tfjsEngine(preset);
  const first = await new Trainer(firstEngine, {
    preset, corpus, vocabSize: V, signal: stop.signal,
    callbacks: { onEpoch: (r) => void (r.epoch === 2 && stop.abort()) },
  }).run();
  firstEngine.dispose();
  assert.equal(first.stopped, 'aborted');
  assert.equal(first.history.length, 2);

  const resumedEngine = tfjsEngine(preset);
  const resumed = await new Trainer(resumedEngine, { preset, corpus, vocabSize: V, resume: { params: first.params, history: first.history } }).run();
  resumedEngine.dispose();
  assert.deepEqual(resumed.history.map((r) => r.epoch), [1, 2, 3, 4]);
  assert.deepEqual(resumed.history.map((r) => r.perplexity), straight.history.map((r) => r.perplexity));
  assert.deepEqual(resumed.params, straight.params);
});

/** An engine that computes nothing: finite losses until minibatch `failAt`, then NaN. */
class FailingEngine implements TrainEngine {
  readonly name = 'fake';
  readonly config = presetModelConfig(small, V);
  params: ParamSet = initParams(this.config, 1);
  steps = 0;
  constructor(private readonly failAt: number) {}
  async trainStep(_batch: Minibatch, _reset: boolean): Promise<StepResult> {
    this.steps++;
    // Each step changes the weights, so the test can tell which ones were kept.
    this.params.get('b_q')?.fill(this.steps);
    return this.steps === this.failAt ? { loss: NaN, gradNorm: 3 } : { loss: 1, gradNorm: 0.5 };
  }
  async getParams(): Promise<ParamSet> {
    return cloneParams(this.params);
  }
  async setParams(p: ParamSet): Promise<void> {
    this.params = cloneParams(p);
  }
  dispose(): void {}
}

test('divergence stops with a clear error and keeps the last complete epoch\'s weights', async () => {
  const probe = new FailingEngine(0);
  const { history } = await new Trainer(probe, { preset: { ...small, epochs: 1 }, corpus, vocabSize: V }).run();
  assert.equal(history[0].perplexity, Math.E); // exp(mean loss 1)
  const stepsPerEpoch = probe.steps;
  const engine = new FailingEngine(stepsPerEpoch + 2); // second minibatch of epoch 2
  await assert.rejects(new Trainer(engine, { preset: small, corpus, vocabSize: V }).run(), (e: unknown) => {
    assert.ok(e instanceof TrainingDivergedError);
    assert.match(e.message, /diverged in epoch 2, minibatch 2: loss NaN/);
    assert.equal(e.history.length, 1);
    assert.equal(e.lastGoodParams.get('b_q')?.[0], stepsPerEpoch);
    return true;
  });
  assert.equal(engine.params.get('b_q')?.[0], stepsPerEpoch, 'the engine holds the last good weights again');
});
