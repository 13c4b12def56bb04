/**
 * A newcomer's first minute: the walkthrough, and Open the d2l Model, which loads the trained
 * d2l model that ships with LSTM Lens (500 epochs of the book's preset on The Time Machine) and
 * opens the text, so hovers and the explorer work without training anything. The walkthrough's
 * steps complete on their commands.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

const BUNDLED = path.join(REPO_ROOT, 'media', 'models', 'd2l-timemachine');

let session: UiSession;
let wb: Workbench;

before(async () => {
  session = await openUiSession({ files: { 'notes.txt': 'a workspace of my own\n' } });
  wb = session.wb;
});

after(() => session?.close());

const step = (id: string) => wb.page.locator(`[data-step-id$="#${id}"]`).first();
const checked = (id: string) => step(id).locator('.codicon-getting-started-step-checked');

test('the walkthrough opens on its first step, nothing done yet', async () => {
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.pick('Get started with LSTM Lens');
  await step('openModel').waitFor({ state: 'visible', timeout: 30000 });
  assert.equal(await checked('openModel').count(), 0);
  await wb.screenshot('walkthrough');
});

test('Open the d2l Model loads the bundled trained model, says what it is, opens the text; the step is done', async () => {
  const bundled = await readCheckpointDir(BUNDLED);
  const last = bundled.metrics.at(-1);
  assert.ok(last && last.epoch === 500 && String(bundled.training.command).startsWith('lstm-lens train'), 'the bundled model keeps its 500 epochs and its command');
  await wb.runCommand('LSTM Lens: Open the d2l Model');
  const toast = wb.page.locator('.notification-toast', { hasText: 'the d2l model is loaded' }).first();
  await toast.waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await toast.innerText(), new RegExp(`LSTM, 256 hidden units, 500 epochs on The Time Machine, perplexity ${last.perplexity.toFixed(2)}`));
  await wb.page.locator('.statusbar-item', { hasText: 'd2l-timemachine' }).first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.page.locator('.tabs-container .tab', { hasText: 'timemachine.txt' }).first().waitFor({ state: 'visible', timeout: 30000 });
  // Installed into the store like any model, with its corpus beside it.
  const stored = path.join(session.workspace, '.lstm-lens', 'd2l-timemachine');
  assert.ok(fs.existsSync(path.join(stored, 'manifest.json')) && fs.existsSync(path.join(stored, 'corpus.txt')));
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.pick('Get started with LSTM Lens');
  await checked('openModel').waitFor({ state: 'visible', timeout: 30000 });
  assert.equal(await checked('explore').count(), 0, 'the explore step is still to do');
});

test('in the first minute, a hover on the sample works, and the hover step is done', async () => {
  await wb.page.locator('.tabs-container .tab', { hasText: 'timemachine.txt' }).first().click();
  const text = await wb.hoverText('Traveller', 0);
  assert.match(text, /surprisal [\d.]+ nats/);
  assert.match(text, /Looked back at/);
  await wb.screenshot('d2l-model-hover');
  await wb.page.keyboard.press('Escape');
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.pick('Get started with LSTM Lens');
  await checked('hover').waitFor({ state: 'visible', timeout: 30000 });
});
