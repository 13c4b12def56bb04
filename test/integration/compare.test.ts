/**
 * Compare Cells as a person runs it: the palette, Train LSTM's QuickPicks, the three runs one
 * after another in the panel's worker, and the Compare view read back (the perplexity curves,
 * the table's numbers against the models the host stored, the memory-length curves); Stop in the
 * second run, and a text shorter than one minibatch.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openUiSession, type UiSession } from './harness/session';
import { REPO_ROOT } from './harness/paths';
import type { Workbench } from './harness/workbench';

const SAMPLE = fs.readFileSync(path.join(REPO_ROOT, 'media', 'samples', 'timemachine.txt'), 'utf8');
/** About 6,000 characters: a few seconds per cell with the quick preset. */
const STORY = SAMPLE.slice(20000, 26000);
/** Ten times as long, so the second run is still going when Stop is clicked. */
const LONG = SAMPLE.slice(20000, 80000);
const CELLS = ['rnn', 'gru', 'lstm'] as const;

let session: UiSession;
let wb: Workbench;
let workspace: string;

before(async () => {
  session = await openUiSession({ files: { 'story.txt': STORY, 'long.txt': LONG, 'tiny.txt': 'far too short\n' } });
  ({ wb, workspace } = session);
});

after(() => session?.close());

/** Waits for a notification toast containing `text` and returns its text. */
async function toast(text: string | RegExp, timeout = 60000): Promise<string> {
  const t = wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await t.waitFor({ state: 'visible', timeout });
  return t.innerText();
}

/** Compare Cells on `file` with the quick preset, the models named after the file. */
async function compareOn(file: string): Promise<void> {
  await wb.openFile(file);
  await wb.runCommand('LSTM Lens: Compare Cells');
  await wb.pick('Current file');
  await wb.pick('quick');
}

/** Accepts the model name box's suggestion once it shows `name`. */
async function acceptName(name: string): Promise<void> {
  await wb.page.waitForFunction((n) => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === n, name, { timeout: 30000 });
  await wb.page.keyboard.press('Enter');
}

interface Manifest {
  config: { cell: string };
  training: Record<string, unknown>;
  metrics: { perplexity: number; tokensPerSec: number }[];
  params: { length: number }[];
}

function manifest(model: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(workspace, '.lstm-lens', model, 'manifest.json'), 'utf8')) as Manifest;
}

function storedModels(): string[] {
  const root = path.join(workspace, '.lstm-lens');
  return fs.existsSync(root) ? fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'manifest.json'))) : [];
}

/** What the Compare view shows of one cell. */
async function row(frame: Frame, cell: string) {
  const tr = frame.locator(`[data-testid=compare-table] tr[data-cell=${cell}]`);
  return {
    state: await tr.getAttribute('data-state'),
    outcome: await tr.getAttribute('data-outcome'),
    perplexity: Number(await tr.locator('[data-perplexity]').getAttribute('data-perplexity')),
    tokensPerSec: Number(await tr.locator('[data-tokens-per-sec]').getAttribute('data-tokens-per-sec')),
    parameters: Number(await tr.locator('[data-parameters]').getAttribute('data-parameters')),
    engine: (await tr.locator('td.compareEngine').innerText()).trim(),
    outcomeText: (await tr.locator('td.compareOutcome').innerText()).trim(),
    perplexityPoints: Number(await frame.locator(`[data-testid=compare-perplexity-chart] path[data-cell=${cell}]`).getAttribute('data-curve-points')),
    memoryPoints: Number(await frame.locator(`[data-testid=compare-memory-chart] path[data-cell=${cell}]`).getAttribute('data-curve-points')),
  };
}

/** The rows Load Model offers, as text (then closes its QuickPick). */
async function loadModelRows(): Promise<string[]> {
  await wb.runCommand('LSTM Lens: Load Model');
  const rows = wb.page.locator('.quick-input-list .monaco-list-row');
  // Its last row, once the palette's rows have gone.
  await rows.filter({ hasText: 'Browse for a checkpoint' }).waitFor({ state: 'visible', timeout: 30000 });
  const texts = await rows.allInnerTexts();
  await wb.page.keyboard.press('Escape');
  return texts;
}

test('a text shorter than one minibatch gets the message and creates no model', async () => {
  await compareOn('tiny.txt');
  assert.match(await toast('needs at least'), /cannot train on tiny\.txt.*too short.*needs at least \d+ tokens/s);
  assert.deepEqual(storedModels(), [], 'no model was created');
});

test('Compare Cells trains RNN, GRU and LSTM on the same text: one chart, a table, three memory-length curves, three stored models', async () => {
  await compareOn('story.txt');
  await acceptName('story');
  const frame = await wb.webviewFrame('[data-testid=compare][data-phase=done]', 480000);
  assert.equal(await frame.locator('[data-testid=tab-compare]').getAttribute('aria-selected'), 'true', 'the Compare view comes to the front');
  const legend = await frame.locator('[data-testid=compare-perplexity-chart] [data-testid=legend-item]').allTextContents();
  assert.deepEqual(legend.map((l) => l.trim()), ['RNN', 'GRU', 'LSTM']);
  const params: number[] = [];
  for (const cell of CELLS) {
    const shown = await row(frame, cell);
    const stored = manifest(`story-${cell}`);
    assert.equal(stored.config.cell, cell);
    assert.equal(shown.state, 'done');
    assert.equal(shown.outcome, 'finished');
    assert.equal(shown.outcomeText, 'finished');
    // The chart has every epoch the host stored; the table's numbers are the host's last epoch.
    assert.equal(shown.perplexityPoints, stored.metrics.length);
    assert.equal(stored.metrics.length, 20, 'the quick preset runs 20 epochs');
    const last = stored.metrics[stored.metrics.length - 1];
    assert.ok(Number.isFinite(shown.perplexity) && shown.perplexity > 1, `${cell}: perplexity ${shown.perplexity}`);
    assert.ok(Math.abs(shown.perplexity - last.perplexity) <= 1e-9 * last.perplexity, `${cell}: ${shown.perplexity} shown, ${last.perplexity} stored`);
    assert.ok(shown.tokensPerSec > 0, `${cell}: ${shown.tokensPerSec} tokens/s`);
    assert.ok(Math.abs(shown.tokensPerSec - last.tokensPerSec) <= 1e-9 * last.tokensPerSec);
    assert.equal(shown.parameters, stored.params.reduce((n, p) => n + p.length, 0));
    assert.equal(shown.engine, stored.training.engine);
    // k = 1..200 back, fewer where an RNN's gradient has vanished to 0 (the log scale leaves those out).
    assert.ok(shown.memoryPoints >= 10 && shown.memoryPoints <= 200, `${cell}: ${shown.memoryPoints} memory points`);
    params.push(shown.parameters);
  }
  assert.ok(params[0] < params[1] && params[1] < params[2], `an RNN has fewer weights than a GRU, a GRU fewer than an LSTM: ${params.join(', ')}`);
  // The picture for the README: the runs' toasts cleared off the charts.
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 10000 });
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  await wb.screenshot('compare-cells');
  const offered = await loadModelRows();
  for (const cell of CELLS) assert.ok(offered.some((r) => r.includes(`story-${cell}`)), `Load Model offers story-${cell}: ${offered.join(' | ')}`);
});

test('Stop during the second run stops the rest; the first model stays usable', async () => {
  await compareOn('long.txt');
  await acceptName('long');
  // The dashboard shows the run going on; wait for the GRU's (the second) to draw an epoch, then Stop.
  const frame = await wb.webviewFrame('[data-testid=dashboard][data-running=true]:has(.model-name:text-is("long-gru"))', 480000);
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=perplexity-chart] circle').length >= 1, undefined, { timeout: 120000 });
  await frame.locator('[data-testid=stop]').click();
  await frame.locator('[data-testid=compare][data-phase=done]').waitFor({ state: 'attached', timeout: 120000 });
  const rnn = await row(frame, 'rnn');
  const gru = await row(frame, 'gru');
  const lstm = await row(frame, 'lstm');
  assert.equal(rnn.outcome, 'finished');
  assert.equal(gru.outcome, 'stopped');
  assert.equal(gru.outcomeText, 'stopped');
  assert.equal(lstm.state, 'skipped');
  assert.equal(lstm.outcomeText, 'not started (stopped)');
  assert.ok(gru.perplexityPoints >= 1 && gru.perplexityPoints < 20, `the stopped GRU drew ${gru.perplexityPoints} epochs`);
  assert.equal(lstm.perplexityPoints, 0);
  assert.equal(lstm.memoryPoints, 0);
  assert.ok(rnn.memoryPoints >= 10, 'the finished RNN is measured');
  assert.equal(manifest('long-gru').metrics.length, gru.perplexityPoints, 'the stopped run kept its checkpoint');
  assert.ok(!storedModels().includes('long-lstm'), 'no LSTM model was made');
  // The first model loads and is the current one.
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('long-rnn');
  assert.match(await toast('loaded long-rnn'), /RNN, hidden 64/);
});
