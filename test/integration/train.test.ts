/**
 * Train LSTM as a person runs it: the palette, the QuickPicks, the live dashboard in the
 * webview (curve points, engine badge, Stop), the status bar, and a bad input's message.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

let session: UiSession;
let wb: Workbench;
let workspace: string;

before(async () => {
  session = await openUiSession({ files: { 'tiny.txt': 'far too short\n' } });
  ({ wb, workspace } = session);
});

after(() => session?.close());


async function chartPoints(frame: Frame): Promise<number> {
  return frame.locator('[data-testid=perplexity-chart] circle').count();
}

test('a too-short text gets a message naming the minimum', async () => {
  await wb.openFile('tiny.txt');
  await wb.runCommand('LSTM Lens: Train LSTM');
  await wb.pick('Current file');
  await wb.pick('quick');
  const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'needs at least' });
  await toast.waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await toast.innerText(), /too short.*needs at least \d+ tokens/s);
});

test('Train LSTM on the sample corpus: the dashboard fills in live, Stop stops, the status bar names the model', async () => {
  await wb.runCommand('LSTM Lens: Train LSTM');
  await wb.pick('Sample corpus');
  await wb.pick('quick');
  // The model name box suggests the source's name.
  await wb.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === 'timemachine', undefined, { timeout: 30000 });
  await wb.page.keyboard.press('Enter');

  const frame = await wb.webviewFrame('[data-testid=dashboard][data-running=true]', 90000);
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=perplexity-chart] circle').length >= 2, undefined, { timeout: 90000 });
  const badge = (await frame.locator('[data-testid=engine-badge]').innerText()).trim();
  // The engine is the probe's fastest: for the quick preset's small batches the fused engine alone
  // and with a shard worker (fused-wasm-2w) measure within a fraction of a millisecond, so either wins.
  assert.match(badge, /^(fused-wasm(-\d+w)?|tfjs-(webgl|wasm|cpu))$/);
  // Chromium's WebAssembly has relaxed SIMD: the worker fetched fused-relaxed.wasm, and says so beside the badge
  const detail = frame.locator('[data-testid=engine-detail]');
  if (badge.startsWith('fused-wasm')) assert.equal((await detail.innerText()).trim(), 'relaxed SIMD');
  else assert.equal(await detail.isVisible(), false, 'tf.js has no build to name');
  await wb.screenshot('train-dashboard-mid-run');
  const points = await chartPoints(frame);
  const ppl = Number(await frame.locator('[data-testid=stat-perplexity]').innerText());
  assert.ok(ppl > 1 && ppl < 28, `perplexity ${ppl} is between 1 and the vocabulary size`);

  await frame.locator('[data-testid=stop]').click();
  await frame.locator('[data-testid=outcome][data-outcome=stopped]').waitFor({ timeout: 60000 });
  assert.ok((await chartPoints(frame)) >= points);
  assert.equal(await frame.locator('[data-testid=resume]').isEnabled(), true, 'Resume is offered');
  const samples = await frame.locator('[data-testid=samples] li').count();
  assert.ok(samples >= 1, 'a sample from "time traveller" is shown');
  // The item names the model while it trains too ("$(sync~spin) timemachine 2/20"): wait for the
  // one the host shows once it has ended the run, after its final checkpoint is on disk.
  const status = wb.page.locator('.statusbar-item:has(.codicon-pulse)', { hasText: 'timemachine' });
  await status.first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.screenshot('train-dashboard-stopped');
  assert.ok(fs.existsSync(path.join(workspace, '.lstm-lens', 'timemachine', 'manifest.json')), 'a checkpoint is on disk');

  // After a window reload the serializer brings the panel back with the run's history.
  const epochsBefore = await chartPoints(frame);
  await wb.runCommand('Developer: Reload Window');
  // The old page's frames linger for a moment: wait until this one is gone.
  for (let i = 0; i < 300 && !frame.isDetached(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(frame.isDetached(), 'the window reloaded');
  await wb.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  const restored = await wb.webviewFrame('[data-testid=dashboard][data-epochs]', 90000);
  assert.equal(await chartPoints(restored), epochsBefore);
  assert.equal(await restored.locator('[data-testid=outcome]').getAttribute('data-outcome'), 'stopped');
  assert.equal(await restored.locator('[data-testid=resume]').isEnabled(), true);
});
