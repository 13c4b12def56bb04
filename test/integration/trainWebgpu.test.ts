/**
 * The WebGPU engine in the real webview worker inside code-server, on Chromium's SwiftShader
 * (Vulkan on the CPU: WebGPU where no GPU is). Forced by `lstmLens.backend: "webgpu"`, a run
 * trains on it, the dashboard names it and its adapter, and its perplexity is the fused WASM
 * engine's epoch by epoch; where the browser gives no adapter, the run says so and trains on
 * another engine; when the WebGPU engine breaks mid-run, the run goes on on another engine from
 * its last epoch; `auto` never picks the software adapter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openUiSession, type UiSession } from './harness/session';
import { REPO_ROOT } from './harness/paths';

/** About 3,000 characters of the sample corpus: a tiny model trains a few epochs on it in seconds on any engine. */
const STORY = fs.readFileSync(path.join(REPO_ROOT, 'media', 'samples', 'timemachine.txt'), 'utf8').slice(20000, 23000);

/** "From settings": the quick preset (seed 42, SGD) at hidden 16, for 5 epochs. */
const TINY = { 'lstmLens.model.hiddenSize': 16, 'lstmLens.train.epochs': 5 };
const EPOCHS = 5;

/**
 * How far a WebGPU epoch's perplexity may be from the fused WASM engine's, relatively. Both
 * compute in float32, but the GPU sums its products and reductions in another order, and SGD
 * carries those last-bit differences from minibatch to minibatch. Measured on SwiftShader over
 * these five epochs: 1.1e-7 at most. 1e-4 (the engine test's TOL too) leaves room for another
 * device's rounding and is far below what a wrong gate or gradient gives (percents at once).
 */
const PERPLEXITY_TOLERANCE = 1e-4;

interface Trained {
  readonly engine: string;
  readonly adapter: string;
  readonly notice: string;
  readonly skipped: readonly string[];
  /** Perplexity per epoch as the checkpoint saved it. */
  readonly perplexity: readonly number[];
}

async function toast(session: UiSession, text: string | RegExp, timeout = 180000): Promise<string> {
  const t = session.wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await t.waitFor({ state: 'visible', timeout });
  return t.innerText();
}

/** Trains model `name` on story.txt with the TINY settings, in a session with `backend`, and reads what the dashboard and the checkpoint say. */
async function trainStory(opts: { backend: string; webgpu: boolean; settings?: Record<string, unknown> }, name: string): Promise<Trained> {
  const session = await openUiSession({ files: { 'story.txt': STORY }, settings: { 'lstmLens.backend': opts.backend, ...TINY, ...opts.settings }, webgpu: opts.webgpu });
  try {
    const { wb } = session;
    await wb.openFile('story.txt');
    await wb.runCommand('LSTM Lens: Train LSTM');
    await wb.pick('Current file');
    await wb.pick('from settings');
    await wb.page.waitForFunction(() => (document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? '') !== '');
    await wb.page.locator('.quick-input-widget input').fill(name);
    await wb.page.keyboard.press('Enter');
    const frame = await wb.webviewFrame(`[data-testid=dashboard]:has(.model-name:text-is("${name}"))`, 120000);
    assert.match(await toast(session, `${name} finished`), /perplexity \d/);
    await frame.locator('[data-testid=dashboard] [data-testid=outcome][data-outcome=finished]').waitFor({ state: 'attached', timeout: 30000 });
    const text = async (selector: string) => (await frame.locator(selector).innerText()).trim();
    const skipped = await frame.locator('[data-testid=dashboard] .skipped li').allTextContents();
    const adapter = frame.locator('[data-testid=engine-adapter]');
    const manifest = JSON.parse(fs.readFileSync(path.join(session.workspace, '.lstm-lens', name, 'manifest.json'), 'utf8')) as { metrics: { perplexity: number }[] };
    await wb.screenshot(`webgpu-${name}`);
    return {
      engine: await text('[data-testid=engine-badge]'),
      adapter: (await adapter.isVisible()) ? await text('[data-testid=engine-adapter]') : '',
      notice: await text('[data-testid=dashboard] .notice'),
      skipped,
      perplexity: manifest.metrics.map((m) => m.perplexity),
    };
  } finally {
    await session.close();
  }
}

test('lstmLens.backend webgpu on SwiftShader: the dashboard names the engine and its adapter, and each epoch perplexity is the fused WASM engine one', async (t) => {
  const gpu = await trainStory({ backend: 'webgpu', webgpu: true }, 'on-webgpu');
  assert.equal(gpu.engine, 'webgpu', `the run trained on WebGPU (notice: ${gpu.notice})`);
  assert.match(gpu.adapter, /swiftshader/i, 'the dashboard names the adapter');
  const wasm = await trainStory({ backend: 'fused-single', webgpu: false }, 'on-wasm');
  assert.equal(wasm.engine, 'fused-wasm');
  assert.equal(wasm.adapter, '', 'no adapter beside an engine on the CPU');
  assert.equal(gpu.perplexity.length, EPOCHS);
  assert.equal(wasm.perplexity.length, EPOCHS);
  const rels = wasm.perplexity.map((want, e) => Math.abs(gpu.perplexity[e] - want) / want);
  rels.forEach((rel, e) => assert.ok(rel <= PERPLEXITY_TOLERANCE, `epoch ${e + 1}: perplexity ${gpu.perplexity[e]} on WebGPU, ${wasm.perplexity[e]} on fused WASM (relative ${rel.toExponential(2)})`));
  t.diagnostic(`largest relative difference of an epoch's perplexity, WebGPU on SwiftShader against fused WASM: ${Math.max(...rels).toExponential(2)}`);
  assert.ok(gpu.perplexity[EPOCHS - 1] < gpu.perplexity[0], 'and it learns');
});

test('lstmLens.backend webgpu where the browser gives no adapter: the run says so and trains on another engine', async () => {
  const run = await trainStory({ backend: 'webgpu', webgpu: false }, 'no-adapter');
  assert.match(run.notice, /^lstmLens\.backend asks for webgpu, which cannot train here \(.*navigator\.gpu gave no adapter.*\); training on another engine/);
  assert.ok(run.skipped.some((s) => /^webgpu: .*no adapter/.test(s)), `the dashboard lists why not webgpu: ${run.skipped.join(' | ')}`);
  assert.match(run.engine, /^(fused-wasm(-\d+w)?|tfjs-(webgl|wasm|cpu))$/);
  assert.equal(run.adapter, '');
  assert.equal(run.perplexity.length, EPOCHS, 'every epoch, on the other engine');
});

test('the WebGPU engine breaking mid-run: the run goes on on another engine from its last epoch', async () => {
  // About 22 minibatches an epoch: the engine breaks in the third.
  const run = await trainStory({ backend: 'webgpu', webgpu: true, settings: { 'lstmLens.debug.failEngineAfterBatches': 50 } }, 'gpu-breaks');
  assert.match(run.notice, /^webgpu failed mid-run \(webgpu stopped working after 50 minibatches.*\); continuing from epoch 2 on another engine/);
  assert.match(run.engine, /^fused-wasm(-\d+w)?$/, 'auto, after webgpu, picks the fused engine here');
  assert.equal(run.adapter, '', 'no adapter beside an engine on the CPU');
  assert.equal(run.perplexity.length, EPOCHS, 'every epoch, none repeated');
});

test('lstmLens.backend auto never picks a software adapter: SwiftShader is skipped, and the dashboard says why', async () => {
  const run = await trainStory({ backend: 'auto', webgpu: true }, 'auto-pick');
  assert.ok(run.skipped.some((s) => /^webgpu: software adapter \(.*swiftshader.*\)/i.test(s)), `the dashboard lists why not webgpu: ${run.skipped.join(' | ')}`);
  assert.notEqual(run.engine, 'webgpu');
  assert.equal(run.perplexity.length, EPOCHS);
});
