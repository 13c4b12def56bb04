/**
 * Workspace Trust, as a user has it on: a folder someone else made opens in Restricted Mode.
 * LSTM Lens still loads a model when the user asks for one, but a window reload does not read
 * the folder's model files by itself (anyone could have written them) until the user trusts the
 * folder; then the model that was current comes back without being asked for again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

const FOX_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'editor', 'fox');

let session: UiSession;
let wb: Workbench;

before(async () => {
  session = await openUiSession({ workspaceTrust: true, files: { 'fox.txt': 'the quick brown fox\n' }, copy: { '.lstm-lens/fox': FOX_DIR } });
  wb = session.wb;
});

after(() => session?.close());

const modelItem = () => wb.page.locator('.statusbar-item', { hasText: 'fox' });
const restricted = () => wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });

test('in Restricted Mode a model loads when the user asks for it', async () => {
  await restricted().first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('fox');
  await modelItem().first().waitFor({ state: 'visible', timeout: 30000 });
});

test('a reload in Restricted Mode reads no model files by itself', async () => {
  await wb.runCommand('Developer: Reload Window');
  await wb.page.locator('.statusbar-item', { hasText: 'fox' }).first().waitFor({ state: 'detached', timeout: 30000 });
  await wb.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await restricted().first().waitFor({ state: 'visible', timeout: 30000 });
  // The extension is up (its command lists the stored models) and has had its chance to restore.
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'fox' }).first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.page.keyboard.press('Escape');
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await modelItem().count(), 0, 'no model is current in the untrusted window');
});

test('trusting the folder brings the model that was current back', async () => {
  await wb.runCommand('Workspaces: Manage Workspace Trust');
  const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
  await trust.waitFor({ state: 'visible', timeout: 30000 });
  await trust.click();
  await restricted().first().waitFor({ state: 'detached', timeout: 30000 });
  await modelItem().first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.screenshot('workspace-trust-restored');
});
