/**
 * The WebGPU engine against the fused WASM engine: the same weights and minibatches, trained
 * with SGD (and Adam) and clipping over a few carried and reset steps, in headless chromium on SwiftShader
 * (WebGPU without a GPU) beside the fused engine in Node. Loss, ‖g‖, every gradient and every
 * weight after the updates must agree within TOL.
 *
 * TOL (relative to each tensor's largest value, as fusedHelpers' relDiff): both engines compute
 * in float32, but not in the same order. The GPU's products sum k in tiles of 16, its loss and
 * ‖g‖ are float32 tree sums where the fused engine sums in float64, and its exp is the device's,
 * not Cephes'. Each moves a result by a few float32 ulps. Measured on SwiftShader over these
 * scripts (and 8 steps of a 2-layer LSTM with h = 64, B = T = 16): loss ≤ 1e-7, ‖g‖ ≤ 5e-7,
 * gradients ≤ 7e-6, weights after the updates ≤ 6e-7. 1e-4 leaves room for another device's
 * rounding and is still far below any error in the math (a wrong sign or a missing term moves a
 * gradient by more than 1e-2).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import type { ParamSet } from '../../src/core/model/paramSpec';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import type { Minibatch } from '../../src/core/data/minibatch';
import { WebGpuEngine, WebGpuUnavailableError } from '../../src/core/engine/webgpu/webgpuEngine';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { fusedWasm, randomBatch, relDiff, testParams, worstParam } from './fusedHelpers';
import { Script, ScriptBatch, ScriptOp, ScriptResult, WireParams, fromWire, runScript, toWire } from './engineScript';
import { WebGpuPage, noChromium, openWebGpuPage } from './webgpuPage';
import type * as PageEntry from './webgpuPageEntry';

const TOL = 1e-4;
const LR = 0.5;
const CLIP = 1;

let browser: WebGpuPage | undefined;
before(async () => {
  if (!noChromium) browser = await openWebGpuPage(join(__dirname, 'webgpuPageEntry.js'), 'webgpuTests');
});
after(() => browser?.close());

function runOnWebGpu(script: Script): Promise<ScriptResult & { adapterName: string; softwareAdapter: boolean }> {
  if (!browser) throw new Error('no browser');
  return browser.page.evaluate((s) => (globalThis as unknown as { webgpuTests: typeof PageEntry }).webgpuTests.runOnWebGpu(s), script);
}

async function runOnFused(script: Script): Promise<ScriptResult> {
  const engine = await FusedEngine.create({ wasm: fusedWasm, config: script.config, params: fromWire(script.params), optimizer: script.optimizer });
  try {
    return await runScript(engine, script.ops);
  } finally {
    engine.dispose();
  }
}

function wireBatch(b: Minibatch): ScriptBatch {
  return { inputs: Array.from(b.inputs), targets: Array.from(b.targets), batchSize: b.batchSize, numSteps: b.numSteps };
}

/** Equal within TOL, or both not finite (a non-finite step reports NaN or ∞ on both). */
function assertClose(got: number, want: number, what: string): void {
  if (!Number.isFinite(want)) assert.ok(!Number.isFinite(got), `${what}: ${got}, the fused engine ${want}`);
  else assert.ok(relDiff([got], [want]) <= TOL, `${what}: ${got} vs the fused engine's ${want}`);
}

function assertParamsClose(got: WireParams, want: WireParams, what: string): void {
  const w = worstParam(fromWire(got), fromWire(want));
  assert.ok(w.diff <= TOL, `${what}: ${w.name} differs by ${w.diff} (relative)`);
}

/** Runs the script on both engines and compares every step and the final weights. */
async function compareWithFused(script: Script): Promise<ScriptResult> {
  const [got, want] = [await runOnWebGpu(script), await runOnFused(script)];
  assert.match(got.adapterName, /swiftshader/i);
  assert.equal(got.softwareAdapter, true, 'SwiftShader is a software adapter');
  assert.equal(got.steps.length, want.steps.length);
  want.steps.forEach((w, i) => {
    const g = got.steps[i];
    const where = `${script.config.cell} ${script.config.numLayers} layer(s), step ${i}`;
    assertClose(g.loss, w.loss, `${where}: loss`);
    assertClose(g.gradNorm, w.gradNorm, `${where}: ‖g‖`);
    if (Number.isFinite(w.gradNorm)) assertParamsClose(g.grads, w.grads, `${where}: gradient`);
  });
  assertParamsClose(got.params, want.params, `${script.config.cell} ${script.config.numLayers} layer(s): weights after the updates`);
  return got;
}

function sgdScript(config: ModelConfig, params: ParamSet, ops: ScriptOp[]): Script {
  return { config, params: toWire(params), optimizer: { kind: 'sgd', lr: LR, clipTheta: CLIP }, ops };
}

/** Reset, two carried steps (the second of fewer steps, so the state moves to a new layout), a reset. */
function carriedSteps(config: ModelConfig, batchSize: number, numSteps: number): ScriptOp[] {
  const rng = new Rng(42);
  const batch = (T: number) => wireBatch(randomBatch(rng, config.vocabSize, batchSize, T));
  return [
    { step: batch(numSteps), reset: true },
    { step: batch(numSteps), reset: false },
    { step: batch(numSteps - 1), reset: false },
    { step: batch(numSteps - 1), reset: true },
  ];
}

const skip = noChromium;

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  for (const numLayers of [1, 2]) {
    test(`${cell}, ${numLayers} layer(s): loss, ‖g‖, gradients and weights equal the fused engine's over carried and reset steps`, { skip }, async () => {
      // h = 10 and B = 3 leave partial tiles everywhere
      const config: ModelConfig = { cell, vocabSize: 7, hiddenSize: 10, numLayers };
      const script = sgdScript(config, testParams(config), carriedSteps(config, 3, 5));
      const got = await compareWithFused(script);
      // the weights did move: the comparison is of training, not of the initial weights
      assert.ok(worstParam(fromWire(got.params), fromWire(script.params)).diff > 1e-3);
    });
  }
}

test('Adam: the moments and bias corrections step as in the fused engine, and setParams starts them again', { skip }, async () => {
  for (const [cell, numLayers] of [['lstm', 2], ['gru', 1]] as const) {
    const config: ModelConfig = { cell, vocabSize: 7, hiddenSize: 10, numLayers };
    const params = testParams(config);
    const ops = [...carriedSteps(config, 3, 5), { setParams: toWire(params) }, ...carriedSteps(config, 3, 5).slice(0, 2)];
    await compareWithFused({ config, params: toWire(params), optimizer: { kind: 'adam', lr: 0.01, clipTheta: CLIP }, ops });
  }
});

test('lstm over more than one tile of rows, units and vocabulary equals the fused engine', { skip }, async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 20, hiddenSize: 20, numLayers: 2 };
  await compareWithFused(sgdScript(config, testParams(config), carriedSteps(config, 17, 3)));
});

test('a non-finite loss leaves the weights untouched and the next batch starts from a zero state', { skip }, async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 1 };
  const params = testParams(config);
  (params.get('l0.W_xi') as Float32Array)[4 * 4] = Number.NaN; // poisons only batches that read token 4
  const batch = (ids: number[]): ScriptBatch => ({ inputs: ids, targets: ids.map((x) => (x + 1) % 5), batchSize: 2, numSteps: 3 });
  const [clean, poisoned, next] = [batch([0, 1, 2, 3, 2, 1]), batch([0, 4, 1, 2, 3, 0]), batch([3, 3, 1, 0, 2, 2])];
  const script = sgdScript(config, params, [{ step: poisoned, reset: true }, { step: clean, reset: true }, { step: poisoned, reset: false }, { step: next, reset: false }]);
  const got = await compareWithFused(script);
  assert.ok(Number.isNaN(got.steps[0].loss));
  assert.ok(Number.isFinite(got.steps[3].loss), 'the batch after the non-finite one starts from zeros');
  // the first step changed nothing: the second starts from the given weights, as a fresh run does
  const fresh = await runOnWebGpu(sgdScript(config, params, [{ step: clean, reset: true }]));
  assert.deepEqual(got.steps[1], fresh.steps[0]);
});

test('setParams replaces the weights and drops the carried state', { skip }, async () => {
  const config: ModelConfig = { cell: 'gru', vocabSize: 6, hiddenSize: 5, numLayers: 2 };
  const params = testParams(config);
  const rng = new Rng(3);
  const [a, b] = [wireBatch(randomBatch(rng, 6, 2, 4)), wireBatch(randomBatch(rng, 6, 2, 4))];
  await compareWithFused(sgdScript(config, params, [{ step: a, reset: true }, { setParams: toWire(cloneParams(params)) }, { step: b, reset: false }]));
});

test('token ids outside the vocabulary are rejected', { skip }, async () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 4, hiddenSize: 4, numLayers: 1 };
  const bad = wireBatch(randomBatch(new Rng(1), 4, 1, 2));
  const script = sgdScript(config, testParams(config), [{ step: { ...bad, targets: [bad.targets[0], 4] }, reset: true }]);
  await assert.rejects(runOnWebGpu(script), /target token 4/);
});

test('no WebGPU at all is a WebGpuUnavailableError', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 4, hiddenSize: 3, numLayers: 1 };
  const params = testParams(config);
  const gpu = undefined as unknown as GPU; // Node here has no navigator.gpu
  await assert.rejects(WebGpuEngine.create({ gpu, config, params, optimizer: { kind: 'sgd', lr: 1, clipTheta: 1 } }), (e) => e instanceof WebGpuUnavailableError && /navigator\.gpu/.test(e.message));
});
