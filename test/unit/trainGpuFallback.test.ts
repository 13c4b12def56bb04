/**
 * A run on a GPU engine that the machine does not give, or takes back (src/core/train/trainRun.ts
 * with src/core/engine/gpuDeviceLoss.ts): a forced `webgpu` with no GPU for it trains on the
 * engine `auto` picks and says so; a device lost mid-run makes the run go on on the next engine
 * from its last epoch. The engines are real fused engines; a lost device is signalled the way
 * WebGPU signals it (GPUDevice.lost resolving with a reason), since no GPU runs here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineCandidate } from '../../src/core/engine/chooseEngine';
import { createNodeFusedEngine } from '../../src/core/engine/fused/train/nodeFusedEngine';
import { failingOnDeviceLoss } from '../../src/core/engine/gpuDeviceLoss';
import { cloneParams } from '../../src/core/model/paramSpec';
import { decodeCheckpoint } from '../../src/core/io/checkpoint';
import { runTraining, type CandidateInputs } from '../../src/core/train/trainRun';
import { reportAsEvents, type TrainEvent } from '../../src/protocol/training';
import { fusedCandidate as fused, request } from './trainRunFixtures';

const ofType = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) => events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);

test('a forced webgpu with no GPU for it trains on the engine auto picks, and says why', async () => {
  const absent = 'navigator.gpu gave no adapter (no GPU this browser may use for WebGPU)';
  const choices: string[] = [];
  const candidates = (i: CandidateInputs): EngineCandidate[] => {
    choices.push(i.choice);
    const webgpu: EngineCandidate = { name: 'webgpu', skipReason: absent, create: () => Promise.reject(new Error(absent)) };
    return i.choice === 'webgpu' ? [webgpu] : [webgpu, fused('fused-a', i)];
  };
  const events: TrainEvent[] = [];
  await runTraining(request({ engine: 'webgpu' }), candidates, { signal: { aborted: false }, report: reportAsEvents('run-1', (ev) => events.push(ev)) });
  assert.deepEqual(choices, ['webgpu', 'auto']);
  const starts = ofType(events, 'trainStarted');
  assert.equal(starts.length, 1);
  assert.equal(starts[0].engine, 'fused-a');
  assert.equal(starts[0].notice, `lstmLens.backend asks for webgpu, which cannot train here (No engine could train this model: webgpu: ${absent}); training on another engine`);
  assert.ok(starts[0].skipped.some((s) => s.engine === 'webgpu' && s.reason.includes(absent)), 'the dashboard lists why not webgpu');
  assert.deepEqual(ofType(events, 'trainEpoch').map((e) => e.epoch), [1, 2, 3, 4]);
  assert.equal(ofType(events, 'trainEnded')[0].outcome, 'finished');
});

test('a GPU device lost mid-run: the run goes on on the next engine from its last epoch, and the start names the adapter', async () => {
  let loseDevice: (reason: string) => void = () => undefined;
  const lost = new Promise<string>((resolve) => (loseDevice = resolve));
  const gpu = (i: CandidateInputs): EngineCandidate => ({
    name: 'gpu',
    create: async () => {
      const engine = Object.assign(await createNodeFusedEngine(i.config, cloneParams(i.params), i.optimizer, 1), { name: 'gpu', adapterName: 'Test Adapter', lost });
      return failingOnDeviceLoss(engine);
    },
  });
  let first = true;
  const candidates = (i: CandidateInputs): EngineCandidate[] => {
    const list = first ? [gpu(i)] : [gpu(i), fused('fused-b', i)];
    first = false;
    return list;
  };
  const events: TrainEvent[] = [];
  const report = reportAsEvents('run-1', (ev) => {
    events.push(ev);
    // The device goes once the second epoch is in: the next minibatch meets a lost device.
    if (ev.type === 'trainEpoch' && ev.epoch === 2) loseDevice('GPU process crashed');
  });
  await runTraining(request(), candidates, { signal: { aborted: false }, report });
  const starts = ofType(events, 'trainStarted');
  assert.equal(starts.length, 2);
  assert.equal(starts[0].engine, 'gpu');
  assert.equal(starts[0].adapter, 'Test Adapter');
  assert.equal(starts[1].engine, 'fused-b');
  assert.equal(starts[1].adapter, undefined);
  assert.equal(starts[1].notice, 'gpu failed mid-run (the GPU device of gpu was lost (GPU process crashed)); continuing from epoch 2 on another engine');
  assert.equal(starts[1].history.length, 2);
  assert.deepEqual(ofType(events, 'trainEpoch').map((e) => e.epoch), [1, 2, 3, 4], 'no epoch is lost or repeated');
  const last = ofType(events, 'checkpoint').at(-1);
  assert.ok(last?.final);
  assert.equal(decodeCheckpoint(last.checkpoint.manifestJson, last.checkpoint.weights).training.engine, 'fused-b');
  assert.equal(ofType(events, 'trainEnded')[0].outcome, 'finished');
});
