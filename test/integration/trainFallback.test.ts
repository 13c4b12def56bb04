/**
 * Train LSTM's fallbacks in the real VS Code: an engine that breaks mid-run (the run goes on
 * on another engine from its last epoch) and a trainer worker that cannot start (the run goes
 * to a thread of the extension host). Each is seen as a person sees it: a toast that says
 * what happened, a dashboard that keeps drawing, a run that finishes with its checkpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openUiSession, type UiSession } from './harness/session';
import { REPO_ROOT } from './harness/paths';

/** About 6,000 characters of the sample corpus: a few seconds of the quick preset on any engine. */
const STORY = fs.readFileSync(path.join(REPO_ROOT, 'media', 'samples', 'timemachine.txt'), 'utf8').slice(20000, 26000);

/** Waits for a notification toast containing `text` and returns its text. */
async function toast(session: UiSession, text: string | RegExp, timeout = 120000): Promise<string> {
  const t = session.wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await t.waitFor({ state: 'visible', timeout });
  return t.innerText();
}

/** Train LSTM on story.txt with the quick preset, as model `name`. */
async function trainStory(session: UiSession, name: string): Promise<void> {
  const { wb } = session;
  await wb.openFile('story.txt');
  await wb.runCommand('LSTM Lens: Train LSTM');
  await wb.pick('Current file');
  await wb.pick('quick');
  await wb.page.waitForFunction(() => (document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? '') !== '');
  await wb.page.locator('.quick-input-widget input').fill(name);
  await wb.page.keyboard.press('Enter');
}

/**
 * Waits until the dashboard in `frame` shows the run's end (`outcome`), and returns how many
 * epochs its perplexity curve has then. The toast and the dashboard hear of the end on separate
 * paths (the host's notification; the panel's events, drawn at most every 50 ms), so the toast
 * can come first; the end is drawn together with every epoch before it, so the count is final.
 */
async function epochsDrawnAtEnd(frame: Frame, outcome: string): Promise<number> {
  await frame.locator(`[data-testid=dashboard] [data-testid=outcome][data-outcome=${outcome}]`).waitFor({ state: 'attached', timeout: 30000 });
  return frame.locator('[data-testid=perplexity-chart] circle').count();
}

function manifest(session: UiSession, model: string): { training: Record<string, unknown>; metrics: unknown[] } {
  return JSON.parse(fs.readFileSync(path.join(session.workspace, '.lstm-lens', model, 'manifest.json'), 'utf8'));
}

test('an engine that fails mid-run: the run continues on another engine from its last epoch', async () => {
  const session = await openUiSession({ files: { 'story.txt': STORY }, settings: { 'lstmLens.debug.failEngineAfterBatches': 60 } });
  try {
    await trainStory(session, 'broken-engine');
    const warning = await toast(session, 'failed mid-run');
    const said = /(\S+) failed mid-run \(\1 stopped working after 60 minibatches.*\); continuing from epoch [1-9]\d* on another engine/s.exec(warning);
    assert.ok(said, `the warning says which engine failed and where the run goes on: ${warning}`);
    const failed = said[1];
    const frame = await session.wb.webviewFrame('[data-testid=dashboard]:has(.model-name:text-is("broken-engine"))', 60000);
    await frame.locator('[data-testid=dashboard] .notice', { hasText: 'failed mid-run' }).waitFor({ timeout: 30000 });
    assert.match(await toast(session, 'broken-engine finished'), /perplexity \d/);
    const drawn = await epochsDrawnAtEnd(frame, 'finished');
    const badge = (await frame.locator('[data-testid=engine-badge]').innerText()).trim();
    assert.match(badge, /^(fused-wasm(-\d+w)?|tfjs-(webgl|wasm|cpu))$/);
    assert.notEqual(badge, failed, 'the run ended on another engine');
    assert.equal(drawn, 20, 'the curve has every epoch');
    const m = manifest(session, 'broken-engine');
    assert.equal(m.metrics.length, 20, 'all 20 epochs, none repeated');
    assert.equal(m.training.engine, badge);
    await session.wb.screenshot('fallback-engine-failed-mid-run');
  } finally {
    await session.close();
  }
});

test('a trainer worker that does not start: the run trains in a thread of the extension host', async () => {
  // 1 ms is too short for any worker to start: the panel gives up on it, as on a broken one.
  const session = await openUiSession({ files: { 'story.txt': STORY }, settings: { 'lstmLens.worker.startTimeoutMs': 1 } });
  try {
    await trainStory(session, 'hosted');
    assert.match(await toast(session, 'training hosted in a thread of the extension host'), /did not start within 1 ms/);
    const frame = await session.wb.webviewFrame('[data-testid=dashboard]:has(.model-name:text-is("hosted"))', 60000);
    assert.match(await toast(session, 'hosted finished'), /perplexity \d/);
    const drawn = await epochsDrawnAtEnd(frame, 'finished');
    const badge = (await frame.locator('[data-testid=engine-badge]').innerText()).trim();
    assert.match(badge, /^fused-wasm(-\d+t)?$/, 'the host trains on the fused engine');
    // code-server's Node (22+) has relaxed SIMD on: the host loads fused(-threads)-relaxed.wasm
    assert.equal((await frame.locator('[data-testid=engine-detail]').innerText()).trim(), 'relaxed SIMD');
    assert.equal(drawn, 20, 'the dashboard drew the host run');
    assert.equal(manifest(session, 'hosted').metrics.length, 20);
    await session.wb.screenshot('fallback-host-trainer');
  } finally {
    await session.close();
  }
});
