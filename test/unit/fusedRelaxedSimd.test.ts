/**
 * The fused kernels' relaxed-SIMD build (f32x4.relaxed_madd, scripts/build-wasm.mjs) against the
 * plain SIMD build: the same minibatches trained on both (every cell, one and two layers, SGD
 * and Adam, one thread and the threads build on two) and the same text traced, agreeing to
 * float32 rounding (a fused multiply-add rounds once where the plain build rounds twice). Then
 * which build the loader, the engine and a child Node take, and how a run reports it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { OptimizerConfig } from '../../src/core/engine/engine';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { FusedTracer } from '../../src/core/engine/fused/infer/fusedTracer';
import { NodeFusedThreads } from '../../src/core/engine/fused/threads/nodeThreads';
import { findFusedWasm, loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { type FusedWasmBuild, fusedBuildDetail, fusedWasmFile, relaxedSimdValidates } from '../../src/core/engine/fused/kernels/relaxedSimd';
import { RELAXED_SIMD_FLAG, relaxedSimdExecArgv } from '../../src/core/engine/fused/kernels/relaxedSimdFlag';
import { wasmApi } from '../../src/core/engine/fused/kernels/wasmApi';
import { createNodeFusedEngine } from '../../src/core/engine/fused/train/nodeFusedEngine';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { cloneParams } from '../../src/core/model/paramSpec';
import { runTraining } from '../../src/core/train/trainRun';
import { Rng } from '../../src/core/util/rng';
import { parseTrainEvent, reportAsEvents, type TrainEvent } from '../../src/protocol/training';
import { reduceDashboard } from '../../webview/panel/dashboardState';
import { randomBatch, relDiff, testParams, worstParam } from './fusedHelpers';
import { PRESET, fusedCandidate, request } from './trainRunFixtures';

/** Relative to each tensor's largest value: float32 rounding, a few ulps carried through the steps. */
const TOL = 1e-5;

/** The bytes of one build's file, asserting the file is that build's and not the loader's fallback. */
function buildBytes(build: FusedWasmBuild, relaxed: boolean): Uint8Array {
  const path = findFusedWasm(build, relaxed);
  assert.equal(basename(path), fusedWasmFile(build, relaxed), `${fusedWasmFile(build, relaxed)} is built (npm run build:wasm)`);
  return new Uint8Array(readFileSync(path));
}

test('this Node validates relaxed SIMD (scripts/run-tests.mjs gives Node 20 the flag), and so do the relaxed builds; the plain builds validate anyway', () => {
  assert.equal(relaxedSimdValidates(), true, `relaxed SIMD does not validate here (Node ${process.version}, flags ${process.execArgv.join(' ') || 'none'}): run the tests with scripts/run-tests.mjs`);
  for (const build of ['fused', 'fused-threads'] as const) {
    const [plain, relaxed] = [buildBytes(build, false), buildBytes(build, true)];
    assert.equal(wasmApi().validate(plain), true, `${build} plain`);
    assert.equal(wasmApi().validate(relaxed), true, `${build} relaxed`);
    assert.notDeepEqual(relaxed, plain, `${build}: the relaxed build differs from the plain one`);
  }
});

const CELLS: readonly CellKind[] = ['lstm', 'gru', 'rnn'];
const OPTIMIZERS: readonly OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.5, clipTheta: 1 },
  { kind: 'adam', lr: 0.01, clipTheta: 1 },
];

/** One build's engine, on one thread or (threads build) two threads sharing its memory. */
async function engineOf(relaxed: boolean, threaded: boolean, config: ModelConfig, params: ReturnType<typeof testParams>, optimizer: OptimizerConfig): Promise<FusedEngine> {
  const wasm = buildBytes(threaded ? 'fused-threads' : 'fused', relaxed);
  const engine = await FusedEngine.create({ wasm, config, params: cloneParams(params), optimizer, threads: threaded ? new NodeFusedThreads(1) : undefined });
  assert.equal(engine.detail, fusedBuildDetail(relaxed), 'the engine names the build it runs (its relaxedSimd() export)');
  return engine;
}

/** The worst difference seen, by what was compared. */
class Worst {
  diff = 0;
  what = '';
  see(what: string, diff: number): void {
    if (diff > this.diff) [this.diff, this.what] = [diff, what];
    assert.ok(diff <= TOL, `${what}: relaxed differs from plain by ${diff.toExponential(2)} of its largest value (more than ${TOL})`);
  }
}

for (const cell of CELLS) for (const numLayers of [1, 2]) for (const optimizer of OPTIMIZERS) for (const threaded of [false, true]) {
  test(`${cell}, ${numLayers} layer(s), ${optimizer.kind}, ${threaded ? 'threads build on two threads' : 'one thread'}: relaxed and plain SIMD train alike`, async (t) => {
    const config: ModelConfig = { cell, vocabSize: 9, hiddenSize: 10, numLayers };
    const params = testParams(config, 5);
    const [plain, relaxed] = [await engineOf(false, threaded, config, params, optimizer), await engineOf(true, threaded, config, params, optimizer)];
    const worst = new Worst();
    try {
      const rng = new Rng(11);
      for (let step = 0; step < 3; step++) {
        const batch = randomBatch(rng, config.vocabSize, 5, 7);
        const [a, b] = [await plain.trainStep(batch, step === 0), await relaxed.trainStep(batch, step === 0)];
        worst.see(`step ${step} loss`, relDiff([b.loss], [a.loss]));
        worst.see(`step ${step} ‖g‖`, relDiff([b.gradNorm], [a.gradNorm]));
        const g = worstParam(relaxed.getGradients(), plain.getGradients());
        worst.see(`step ${step} gradient ${g.name}`, g.diff);
        const w = worstParam(await relaxed.getParams(), await plain.getParams());
        worst.see(`step ${step} weight ${w.name}`, w.diff);
      }
    } finally {
      plain.dispose();
      relaxed.dispose();
    }
    t.diagnostic(`largest difference ${worst.diff.toExponential(2)} (${worst.what || 'none: bit for bit'})`);
  });
}

for (const cell of CELLS) {
  test(`${cell}: relaxed and plain SIMD trace a text alike, gate by gate`, async (t) => {
    const config: ModelConfig = { cell, vocabSize: 11, hiddenSize: 10, numLayers: 2 };
    const params = testParams(config, 2);
    const rng = new Rng(4);
    const tokens = Array.from({ length: 40 }, () => rng.int(0, 10));
    const [a, b] = [(await FusedTracer.create(buildBytes('fused', false), config, params)).trace(tokens), (await FusedTracer.create(buildBytes('fused', true), config, params)).trace(tokens)];
    const worst = new Worst();
    worst.see('surprisal', relDiff(b.steps.map((s) => s.surprisal), a.steps.map((s) => s.surprisal)));
    a.steps.forEach((step, i) => step.layers.forEach((values, layer) => {
      for (const [name, v] of Object.entries(values)) worst.see(`step ${i} layer ${layer} ${name}`, relDiff(b.steps[i].layers[layer][name], v));
    }));
    worst.see('final H', relDiff(b.finalState.h, a.finalState.h));
    t.diagnostic(`largest difference ${worst.diff.toExponential(2)} (${worst.what || 'none: bit for bit'})`);
  });
}

test('the loader takes the relaxed build when asked and it is there, else the plain one; without either it says what to run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-wasm-'));
  try {
    const plainFile = fusedWasmFile('fused', false);
    const relaxedFile = fusedWasmFile('fused', true);
    assert.throws(() => findFusedWasm('fused', true, [dir]), /fused\.wasm not found \(looked in .*\): run node scripts\/build-wasm\.mjs/);
    copyFileSync(findFusedWasm('fused', false), join(dir, plainFile));
    assert.equal(findFusedWasm('fused', true, [dir]), join(dir, plainFile), 'no relaxed file: the plain one');
    copyFileSync(findFusedWasm('fused', true), join(dir, relaxedFile));
    assert.equal(findFusedWasm('fused', true, [dir]), join(dir, relaxedFile));
    assert.equal(findFusedWasm('fused', false, [dir]), join(dir, plainFile), 'told not to: the plain one');
    assert.deepEqual(loadFusedWasm('fused', true, [dir]), buildBytes('fused', true));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('by default the engines of the CLI and the extension host run the relaxed build where it validates, threads and all', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 6, hiddenSize: 8, numLayers: 1 };
  assert.deepEqual(loadFusedWasm(), buildBytes('fused', relaxedSimdValidates()));
  assert.deepEqual(loadFusedWasm('fused-threads'), buildBytes('fused-threads', relaxedSimdValidates()));
  for (const threads of [1, 2]) {
    const engine = await createNodeFusedEngine(config, testParams(config, 1), OPTIMIZERS[0], threads);
    try {
      assert.equal(engine.detail, fusedBuildDetail(relaxedSimdValidates()), `${engine.name}`);
      const result = await engine.trainStep(randomBatch(new Rng(1), config.vocabSize, 4, 5), true);
      assert.ok(Number.isFinite(result.loss), `${engine.name} trains`);
    } finally {
      engine.dispose();
    }
  }
});

test('a child Node given relaxedSimdExecArgv() validates relaxed SIMD as this one does', () => {
  const probe = `process.stdout.write(String(require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'core', 'engine', 'fused', 'kernels', 'relaxedSimd.js'))}).relaxedSimdValidates()))`;
  const child = spawnSync(process.execPath, [...relaxedSimdExecArgv(), '-e', probe], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'true');
  const bare = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  // Node 20 needs the flag (and then the helper gives it); a Node that validates without it is given none
  assert.equal(bare.stdout, String(!relaxedSimdExecArgv().includes(RELAXED_SIMD_FLAG)));
});

test('a run says which build its fused engine runs: trainStarted carries engineDetail, the protocol checks it, the dashboard keeps it', async () => {
  const events: TrainEvent[] = [];
  const req = request({ preset: { ...PRESET, epochs: 1 } });
  await runTraining(req, (inputs) => [fusedCandidate('fused-wasm', inputs)], { signal: { aborted: false }, report: reportAsEvents(req.runId, (ev) => events.push(ev)) });
  const started = events.find((e) => e.type === 'trainStarted');
  assert.ok(started?.type === 'trainStarted');
  assert.equal(started.engineDetail, fusedBuildDetail(relaxedSimdValidates()));
  assert.deepEqual(parseTrainEvent(structuredClone(started)), started);
  assert.equal(parseTrainEvent({ ...started, engineDetail: 42 }), undefined, 'a detail that is not a string is refused');
  assert.equal(reduceDashboard(undefined, started, 0)?.engineDetail, started.engineDetail);
});
