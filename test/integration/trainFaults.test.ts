/**
 * Train LSTM's bad inputs and faults as a person meets them: each gets a message that says
 * what happened (read from the notification toasts), and nothing is lost.
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
  session = await openUiSession({
    files: {
      'empty.txt': '   \n\n',
      'data.bin': '\0\u0001\u0002\0\u00ff\0\u0007\0\0\u0003',
      '.lstm-lens/corrupt/manifest.json': '{"format": "lstm-lens-checkpoint", "version": 1,',
      '.lstm-lens/corrupt/weights.bin': 'not weights',
    },
    // Workspace files are the binary one; "from settings" is a run that diverges.
    settings: { 'lstmLens.train.workspaceGlob': '**/*.bin', 'lstmLens.train.lr': 1e38, 'lstmLens.train.clipTheta': 1e38 },
  });
  ({ wb, workspace } = session);
});

after(() => session?.close());

/** Waits for a notification toast containing `text` and returns its text. */
async function toast(text: string | RegExp): Promise<string> {
  const t = wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await t.waitFor({ state: 'visible', timeout: 60000 });
  return t.innerText();
}

/** Train LSTM from the palette: the source, then (when given) the preset and the model name. */
async function train(source: string, preset?: string, name?: string): Promise<void> {
  await wb.runCommand('LSTM Lens: Train LSTM');
  await chooseRun(source, preset, name);
}

/** Answers Train LSTM's questions: the source, then (when given) the preset and the model name. */
async function chooseRun(source: string, preset?: string, name?: string): Promise<void> {
  await wb.pick(source);
  if (preset === undefined) return;
  await wb.pick(preset);
  if (name === undefined) return;
  await wb.page.waitForFunction(() => (document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value ?? '') !== '');
  await wb.page.locator('.quick-input-widget input').fill(name);
  await wb.page.keyboard.press('Enter');
}

async function runningDashboard(model: string): Promise<Frame> {
  return wb.webviewFrame(`[data-testid=dashboard][data-running=true]:has(.model-name:text-is("${model}"))`, 90000);
}

test('an empty file and binary workspace files are refused with the reason', async () => {
  await wb.openFile('empty.txt');
  await train('Current file');
  assert.match(await toast('Cannot train on empty.txt'), /only whitespace/);
  await train('Workspace files');
  assert.match(await toast('holds usable text'), /None of the 1 files matching \*\*\/\*\.bin/);
  assert.ok(!fs.existsSync(path.join(workspace, '.lstm-lens', 'empty')), 'no model was created');
});

test('a corrupt model file gets a message and changes nothing', async () => {
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('corrupt');
  assert.match(await toast('cannot load the model'), /corrupt/);
});

test('a second Train while one runs offers to stop the first', async () => {
  await train('Sample corpus', 'quick', 'first');
  await runningDashboard('first');
  await wb.runCommand('LSTM Lens: Train LSTM');
  const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'first is still training' });
  await dialog.waitFor({ state: 'visible', timeout: 30000 });
  await dialog.getByRole('button', { name: 'Stop It and Train' }).click();
  await chooseRun('Sample corpus', 'quick', 'second');
  const frame = await runningDashboard('second');
  assert.ok(fs.existsSync(path.join(workspace, '.lstm-lens', 'first', 'manifest.json')), 'the first run kept its checkpoint');
  await frame.locator('[data-testid=stop]').click();
  await frame.locator('[data-testid=outcome][data-outcome=stopped]').waitFor({ timeout: 60000 });
  // The dashboard shows the worker's end; the host ends the run once its final checkpoint is on
  // disk, and says so. Until then a Train (the next test's) would find "second" still training.
  await toast('training of second stopped');
});

test('a diverging run stops, says so, and keeps the last good weights', async () => {
  await train('Sample corpus', 'from settings', 'diverging');
  assert.match(await toast('diverged'), /training of diverging diverged: Training diverged in epoch 1.*learning rate/s);
  assert.ok(fs.existsSync(path.join(workspace, '.lstm-lens', 'diverging', 'manifest.json')));
});

test('closing the panel mid-run ends the run and keeps its checkpoint', async () => {
  await train('Sample corpus', 'quick', 'closing');
  const frame = await runningDashboard('closing');
  await frame.waitForFunction(() => document.querySelector('[data-testid=stat-checkpoint]')?.textContent?.startsWith('epoch'), undefined, { timeout: 90000 });
  await wb.runCommand('View: Close All Editors');
  assert.match(await toast('training of closing stopped'), /the panel was closed.*checkpoint of epoch \d+ is saved/s);
  await wb.screenshot('train-faults');
});
