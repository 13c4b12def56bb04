/**
 * A whole training run as the panel's worker and the host's trainer thread run it
 * (src/core/train/trainRun.ts): its events, the fallback to another engine when one breaks
 * mid-run, and the host trainer thread itself (a real worker_thread on the fused engine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineCandidate } from '../../src/core/engine/chooseEngine';
import { decodeCheckpoint } from '../../src/core/io/checkpoint';
import { runTraining, type CandidateInputs } from '../../src/core/train/trainRun';
import { parseTrainEvent, reportAsEvents, type TrainEvent, type TrainRequest } from '../../src/protocol/training';
import { PRESET, TEXT, fusedCandidate, request } from './trainRunFixtures';

/** Two fused engines under different names, so one can fail and the other take over. */
function twoFused(inputs: CandidateInputs): EngineCandidate[] {
  return ['fused-a', 'fused-b'].map((name) => fusedCandidate(name, inputs));
}

async function run(req: TrainRequest, candidates: (i: CandidateInputs) => EngineCandidate[]): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  await runTraining(req, candidates, { signal: { aborted: false }, report: reportAsEvents(req.runId, (ev) => events.push(ev)) });
  return events;
}

const ofType = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) => events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);

test('a run reports its start, every epoch, samples, checkpoints and its end', async () => {
  const events = await run(request(), twoFused);
  const [started] = ofType(events, 'trainStarted');
  assert.match(started.engine, /^fused-[ab]$/);
  assert.equal(started.totalEpochs, 4);
  assert.deepEqual(ofType(events, 'trainEpoch').map((e) => e.epoch), [1, 2, 3, 4]);
  assert.ok(ofType(events, 'trainSample').length >= 1);
  const last = ofType(events, 'checkpoint').at(-1);
  assert.equal(last?.final, true);
  assert.equal(decodeCheckpoint(last.checkpoint.manifestJson, last.checkpoint.weights).metrics.length, 4);
  assert.deepEqual(events.at(-1), { type: 'trainEnded', runId: 'run-1', outcome: 'finished', message: undefined });
});

test('an engine that fails mid-run: the run goes on, on the next engine, from its last epoch', async () => {
  const batchesPerEpoch = Math.floor((TEXT.length - 1) / (PRESET.batchSize * PRESET.numSteps));
  const events = await run(request({ faults: { engineFailsAfterBatches: 2 * batchesPerEpoch + 1 } }), twoFused);
  const starts = ofType(events, 'trainStarted');
  assert.equal(starts.length, 2, 'started once, then again on the other engine');
  assert.notEqual(starts[1].engine, starts[0].engine);
  assert.match(starts[1].notice ?? '', new RegExp(`^${starts[0].engine} failed mid-run \\(.*\\); continuing from epoch 2 on another engine$`));
  assert.equal(starts[1].history.length, 2, 'the second engine starts from the two finished epochs');
  assert.ok(starts[1].skipped.some((s) => s.engine === starts[0].engine && /failed mid-run/.test(s.reason)));
  assert.deepEqual(ofType(events, 'trainEpoch').map((e) => e.epoch), [1, 2, 3, 4], 'no epoch is lost or repeated');
  const last = ofType(events, 'checkpoint').at(-1);
  assert.ok(last);
  const ckpt = decodeCheckpoint(last.checkpoint.manifestJson, last.checkpoint.weights);
  assert.equal(ckpt.training.engine, starts[1].engine);
  assert.equal(ckpt.metrics.length, 4);
  assert.equal(events.at(-1)?.type, 'trainEnded');
  assert.equal(ofType(events, 'trainEnded')[0].outcome, 'finished');
});

test('when the only engine fails mid-run, the run fails with the reason and keeps its last good epoch', async () => {
  const one = (i: CandidateInputs) => twoFused(i).slice(0, 1);
  const batchesPerEpoch = Math.floor((TEXT.length - 1) / (PRESET.batchSize * PRESET.numSteps));
  const events = await run(request({ faults: { engineFailsAfterBatches: batchesPerEpoch + 1 } }), one);
  const ended = ofType(events, 'trainEnded')[0];
  assert.equal(ended.outcome, 'failed');
  assert.match(ended.message ?? '', /^fused-a failed mid-run and no other engine is left: fused-a stopped working after \d+ minibatches/);
  const last = ofType(events, 'checkpoint').at(-1);
  assert.ok(last?.final);
  assert.equal(decodeCheckpoint(last.checkpoint.manifestJson, last.checkpoint.weights).metrics.length, 1);
});

test('the host trainer thread trains on the fused engine on every core, and stops when asked', async () => {
  const script = path.join(__dirname, '..', '..', 'src', 'extension', 'train', 'hostTrainWorker.js');
  const worker = new Worker(script);
  try {
    const events: TrainEvent[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (raw: unknown) => {
        const ev = parseTrainEvent(raw);
        assert.ok(ev, 'every message is a TrainEvent');
        events.push(ev);
        // Stop once the first epoch is in.
        if (ev.type === 'trainEpoch' && ev.epoch === 1) worker.postMessage({ type: 'stopTraining', runId: 'host-run' });
        if (ev.type === 'trainEnded') resolve();
      });
    });
    worker.postMessage({ type: 'train', request: request({ runId: 'host-run', preset: { ...PRESET, epochs: 200 } }) });
    await ended;
    assert.match(ofType(events, 'trainStarted')[0].engine, /^fused-wasm(-\d+t)?$/);
    const end = ofType(events, 'trainEnded')[0];
    assert.equal(end.outcome, 'stopped');
    const epochs = ofType(events, 'trainEpoch').length;
    assert.ok(epochs >= 1 && epochs < 200, `stopped after ${epochs} epochs`);
    assert.ok(ofType(events, 'checkpoint').at(-1)?.final);
  } finally {
    await worker.terminate();
  }
});

test('when no engine is left that starts after one failed mid-run, the finished epochs are still saved', async () => {
  const batchesPerEpoch = Math.floor((TEXT.length - 1) / (PRESET.batchSize * PRESET.numSteps));
  let calls = 0;
  const candidates = (i: CandidateInputs): EngineCandidate[] => {
    const [a] = twoFused(i);
    const broken: EngineCandidate = { name: 'fused-b', create: () => Promise.reject(new Error('no memory for fused-b')) };
    return calls++ === 0 ? [a] : [a, broken];
  };
  const events = await run(request({ faults: { engineFailsAfterBatches: 2 * batchesPerEpoch + 1 } }), candidates);
  const ended = ofType(events, 'trainEnded')[0];
  assert.equal(ended.outcome, 'failed');
  assert.match(ended.message ?? '', /no memory for fused-b/);
  const last = ofType(events, 'checkpoint').at(-1);
  assert.ok(last?.final);
  assert.equal(decodeCheckpoint(last.checkpoint.manifestJson, last.checkpoint.weights).metrics.length, 2, 'the two finished epochs');
});
