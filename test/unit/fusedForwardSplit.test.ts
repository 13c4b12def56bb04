import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { awaitGroups, failQueue, forwardQueue, takeGroups } from '../../src/core/engine/fused/infer/forwardQueue';
import { ForwardSplit, MIN_SPLIT_SEGMENTS } from '../../src/core/engine/fused/infer/forwardSplit';
import { FusedStepModel } from '../../src/core/engine/fused/infer/fusedStepModel';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { NodeFusedThreads } from '../../src/core/engine/fused/threads/nodeThreads';
import { wasmApi } from '../../src/core/engine/fused/kernels/wasmApi';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneInferState, type InferState } from '../../src/core/infer/inferState';
import type { StepRun } from '../../src/core/infer/stepModel';
import { Stepper, TRACE_GATES } from '../../src/core/infer/stepper';
import { Rng } from '../../src/core/util/rng';
import { testParams } from './fusedHelpers';

const single = new (wasmApi().Module)(loadFusedWasm('fused'));
const shared = new (wasmApi().Module)(loadFusedWasm('fused-threads'));

/** A pool of one worker thread that counts the reads it is offered a share of, and its disposals. */
function countingPool(workerScript?: string): { pool: NodeFusedThreads; forwards: () => number; disposals: () => number } {
  const pool = new NodeFusedThreads(1, workerScript);
  let forwards = 0;
  let disposals = 0;
  const share = pool.share.bind(pool);
  const dispose = pool.dispose.bind(pool);
  pool.share = (layouts, queue) => (forwards++, share(layouts, queue));
  pool.dispose = () => (disposals++, dispose());
  return { pool, forwards: () => forwards, disposals: () => disposals };
}

/** Segments of different lengths (some padded inside their group, one empty) from different states. */
function segmentsOf(config: ModelConfig, seed: number, lengths: readonly number[]): { tokens: Int32Array; state: InferState }[] {
  const rng = new Rng(seed);
  const stepper = new Stepper(testParams(config, seed), config);
  return lengths.map((n, s) => {
    const state = stepper.zeroState();
    for (let t = 0; t < s; t++) stepper.step(rng.int(0, config.vocabSize - 1), state);
    return { tokens: Int32Array.from({ length: n }, () => rng.int(0, config.vocabSize - 1)), state };
  });
}

const copies = (segments: readonly { tokens: Int32Array; state: InferState }[]) => segments.map((s) => ({ tokens: s.tokens, state: cloneInferState(s.state) }));

/** Every value of every run, in order (the runs last only until the model's next read). */
function valuesOf(config: ModelConfig, runs: readonly StepRun[], lengths: readonly number[]): number[] {
  const out: number[] = [];
  runs.forEach((run, s) => {
    for (let i = 0; i < lengths[s]; i++) {
      for (let layer = 0; layer < config.numLayers; layer++) for (const name of TRACE_GATES[config.cell]) out.push(...Array.from(run.gatesAt(i, layer)[name]));
    }
  });
  return out;
}

function assertNear(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let j = 0; j < want.length; j++) assert.ok(Math.abs(got[j] - want[j]) <= 1e-6, `${what}[${j}]: ${got[j]} vs ${want[j]}`);
}

const LENGTHS = [9, 3, 0, 9, 5, 9, 9, 1, 9, 7, 9, 2, 9];

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  test(`a read split over two threads gives the one-thread values and states: ${cell}, 2 layers`, async () => {
    const config: ModelConfig = { cell, vocabSize: 11, hiddenSize: 12, numLayers: 2 };
    const params = testParams(config, 5);
    const { pool, forwards } = countingPool();
    const split = new FusedStepModel(shared, config, params, new ForwardSplit(pool, (reason) => assert.fail(reason)));
    const one = new FusedStepModel(single, config, params);
    try {
      assert.equal(await split.threadsStarted, 2);
      for (let round = 0; round < 2; round++) {
        const segments = segmentsOf(config, 3 + round, LENGTHS);
        const a = copies(segments);
        const b = copies(segments);
        const got = valuesOf(config, split.readSegments(a), LENGTHS);
        assert.equal(forwards(), round + 1, 'the worker was offered a share');
        assertNear(got, valuesOf(config, one.readSegments(b), LENGTHS), 'values');
        a.forEach((s, i) => {
          assertNear(s.state.h, b[i].state.h, `segment ${i}: H`);
          assertNear(s.state.c ?? [], b[i].state.c ?? [], `segment ${i}: C`);
        });
      }
      const few = copies(segmentsOf(config, 8, LENGTHS.slice(0, MIN_SPLIT_SEGMENTS - 1)));
      split.readSegments(few);
      assert.equal(forwards(), 2, `fewer than ${MIN_SPLIT_SEGMENTS} segments stay on the caller's thread`);
    } finally {
      split.dispose();
    }
  });
}

test('the threads are disposed with the model, which reads on in one thread', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 11, hiddenSize: 12, numLayers: 2 };
  const params = testParams(config, 6);
  const { pool, forwards, disposals } = countingPool();
  const model = new FusedStepModel(shared, config, params, new ForwardSplit(pool));
  assert.equal(await model.threadsStarted, 2);
  model.dispose();
  model.dispose();
  assert.equal(disposals(), 1);
  const segments = segmentsOf(config, 4, LENGTHS);
  const a = copies(segments);
  const b = copies(segments);
  const got = valuesOf(config, model.readSegments(a), LENGTHS);
  assert.equal(forwards(), 0, 'nothing is sent to a disposed pool');
  assertNear(got, valuesOf(config, new FusedStepModel(single, config, params).readSegments(b), LENGTHS), 'values');
});

test('threads that cannot start are dropped, told once, and reads run in one thread', async () => {
  const config: ModelConfig = { cell: 'gru', vocabSize: 11, hiddenSize: 12, numLayers: 1 };
  const params = testParams(config, 7);
  const { pool, forwards, disposals } = countingPool('/nonexistent/fusedThreadWorker.js');
  const told: string[] = [];
  const model = new FusedStepModel(shared, config, params, new ForwardSplit(pool, (reason) => told.push(reason)));
  assert.equal(await model.threadsStarted, 1);
  assert.equal(told.length, 1, told.join('; '));
  assert.equal(disposals(), 1);
  const segments = segmentsOf(config, 4, LENGTHS);
  const a = copies(segments);
  const b = copies(segments);
  const got = valuesOf(config, model.readSegments(a), LENGTHS);
  assert.equal(forwards(), 0);
  assertNear(got, valuesOf(config, new FusedStepModel(single, config, params).readSegments(b), LENGTHS), 'values');
  model.dispose();
  assert.equal(told.length, 1);
});

test('a thread that stops after starting is dropped, told once, and reads run in the caller thread', async () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 11, hiddenSize: 12, numLayers: 2 };
  const params = testParams(config, 8);
  const { pool, forwards } = countingPool();
  const told: string[] = [];
  const model = new FusedStepModel(shared, config, params, new ForwardSplit(pool, (reason) => told.push(reason)));
  assert.equal(await model.threadsStarted, 2);
  const [worker] = (pool as unknown as { workers: Worker[] }).workers; // stopped from outside, as a crash would
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await worker.terminate();
  await exited;
  const segments = segmentsOf(config, 5, LENGTHS);
  const a = copies(segments);
  const b = copies(segments);
  const got = valuesOf(config, model.readSegments(a), LENGTHS);
  assert.equal(forwards(), 0, 'no share is offered to a pool with a stopped thread');
  assert.equal(told.length, 1, told.join('; '));
  assertNear(got, valuesOf(config, new FusedStepModel(single, config, params).readSegments(b), LENGTHS), 'values');
  model.readSegments(copies(segments));
  assert.equal(told.length, 1, 'told once');
});

test('the queue hands each group out once and tells which groups a failed thread left undone', () => {
  const queue = forwardQueue(5);
  const ran: number[] = [];
  // thread 1 claims group 0 (its claimer slot holds 1 + 1) and fails in it
  Atomics.add(queue, 0, 1);
  Atomics.store(queue, 48 + 5 + 0, 2);
  failQueue(queue, 1);
  takeGroups(queue, 5, (g) => ran.push(g));
  assert.deepEqual(ran, [1, 2, 3, 4]);
  assert.deepEqual(awaitGroups(queue, 5, 10_000), { redo: [0], stalled: [] });
  const all = forwardQueue(3);
  takeGroups(all, 3, () => undefined);
  assert.deepEqual(awaitGroups(all, 3, 10_000), { redo: [], stalled: [] });
});

test("a live thread's unfinished group is never handed back for running again: it stalls the read instead", () => {
  const queue = forwardQueue(3);
  // thread 2 claims group 0 and is still computing it (never marks it done)
  Atomics.add(queue, 0, 1);
  Atomics.store(queue, 48 + 3 + 0, 3);
  takeGroups(queue, 3, () => undefined);
  assert.deepEqual(awaitGroups(queue, 3, 50), { redo: [], stalled: [0] });
  // another thread failing does not make thread 2's group safe to redo
  failQueue(queue, 1);
  assert.deepEqual(awaitGroups(queue, 3, 50), { redo: [], stalled: [0] });
});
