/**
 * The editor features as a person uses them: hover a character and read the gate picture and
 * the next-character table; type and accept ghost text with Tab; Generate from the palette and
 * Undo it; colour the text by a unit and clear it. Screenshots go to test-results/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { topLookedBack } from '../../src/core/analysis/connectivity/topLookedBack';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { encode } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

const FOX_LINE = 'the quick brown fox jumps over the lazy dog\n';

let session: UiSession;
let wb: Workbench;

before(async () => {
  session = await openUiSession({
    files: { 'fox.txt': FOX_LINE.repeat(3) },
    copy: { '.lstm-lens/fox': path.join(REPO_ROOT, 'test', 'fixtures', 'editor', 'fox') },
    settings: { 'editor.inlineSuggest.enabled': true },
  });
  wb = session.wb;
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('fox');
  await wb.openFile('fox.txt');
});

after(() => session?.close());


/** The text of the editor's visible lines (Monaco's U+00A0 back to spaces), without ghost text shown inline. */
async function editorText(): Promise<string> {
  const lines = await wb.page.locator('.monaco-editor .view-lines .view-line').evaluateAll((els) =>
    els.map((line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[class*="ghost-text"]').forEach((g) => g.remove());
      return copy.textContent ?? '';
    }),
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Decorations of LSTM Lens's colour buckets in the DOM (extension decoration classes are `ced-…`). */
async function colouredCount(): Promise<number> {
  return wb.page.locator('.monaco-editor .view-overlays [class*="ced-"], .monaco-editor .view-line [class*="ced-"]').count();
}

test('hovering a character shows the gate heatmap image, the top 5 next characters and the surprisal', async () => {
  const text = await wb.hoverText('q', 1);
  const hover = wb.page.locator('.monaco-hover:not(.hidden)').first();
  const src = await hover.locator('img').first().getAttribute('src');
  await wb.screenshot('editor-hover');
  assert.match(src ?? '', /^data:image\/svg\+xml;base64,/);
  assert.match(text, /surprisal [\d.]+ nats/);
  assert.equal(await hover.locator('table thead th').count(), 6, 'the header and the top 5');
  assert.match(await hover.locator('table thead th').nth(1).innerText(), /^u$/);
  assert.match(await hover.locator('table tbody tr').first().innerText(), /^p\s+\d+\.\d%/);
  assert.match(text, /Explore from here/);
  // It looked back at the characters the core's connectivity ranks first, in that order.
  const model = await readCheckpointDir(path.join(REPO_ROOT, 'test', 'fixtures', 'editor', 'fox'));
  const vocab = new Vocab(model.vocab);
  const ids = encode(FOX_LINE.repeat(3), model.tokenizer, vocab);
  const t = FOX_LINE.length + 4; // the second line's "q"
  const fused = await FusedConnectivity.create(loadFusedWasm(), model.config, model.params);
  const top = topLookedBack(fused.ofStep(ids, t), ids, 3);
  const line = text.split('\n').find((l) => l.includes('Looked back at')) ?? '';
  const named = [...line.matchAll(/(\S+) (\d+) back/g)].map((m) => ({ token: m[1], distance: Number(m[2]) }));
  assert.deepEqual(named.map((n) => n.distance), top.map((b) => b.distance), line);
  assert.deepEqual(named.map((n) => n.token), top.map((b) => vocab.tokenAt(b.token).replace(/ /g, '␣').replace(/\n/g, '↵')), line);
  await wb.page.keyboard.press('Escape');
});

test('typing shows ghost text that Tab accepts', async () => {
  await wb.page.keyboard.press('Control+End'); // the empty last line
  await wb.type('the quick ');
  const ghost = wb.page.locator('.monaco-editor [class*="ghost-text"]').first();
  await ghost.waitFor({ state: 'visible', timeout: 15000 });
  await wb.screenshot('editor-ghost-text');
  await wb.page.keyboard.press('Tab');
  await wb.page.waitForFunction(() => !document.querySelector('.monaco-editor [class*="ghost-text"]'));
  assert.match(await editorText(), /^the quick brown fox jumps over the lazy dog$/m);
  assert.equal((await editorText()).split('\n')[3], 'the quick brown fox jumps over the lazy dog');
});

test('Generate inserts a greedy continuation from the palette, and Undo removes it', async () => {
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.press('Enter');
  await wb.type('the lazy ');
  await wb.page.keyboard.press('Escape');
  await wb.runCommand('LSTM Lens: Generate');
  await wb.pick('20 characters');
  await wb.pick('Greedy');
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor .view-line').length >= 6);
  await wb.screenshot('editor-generate');
  assert.deepEqual((await editorText()).split('\n').slice(4, 6), ['the lazy dog', 'the quick brown ']);
  await wb.page.keyboard.press('Control+Z');
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor .view-line').length === 5);
  // The view settles a moment after the undo: wait for the last line to read as before Generate.
  await wb.page
    .waitForFunction(
      () => Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line')).some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === 'the lazy'),
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  await wb.screenshot('editor-generate-undone');
  assert.equal((await editorText()).split('\n')[4].trimEnd(), 'the lazy');
});

test('Colour Text by Unit decorates the characters, Clear Colouring removes the decorations', async () => {
  assert.equal(await colouredCount(), 0);
  await wb.runCommand('LSTM Lens: Colour Text by Unit');
  await wb.pick('Layer 1 · H');
  await wb.pick('7');
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor [class*="ced-"]').length > 10, undefined, { timeout: 15000 });
  await wb.screenshot('editor-colour-by-unit');
  assert.ok((await colouredCount()) > 10);
  await wb.runCommand('LSTM Lens: Clear Colouring');
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor [class*="ced-"]').length === 0);
  assert.equal(await colouredCount(), 0);
});

test('the Units view ranks units on the file and on the training corpus, and a click colours the editor by one', async () => {
  assert.equal(await colouredCount(), 0);
  await wb.runCommand('LSTM Lens: Show Interpretable Units in the Panel');
  const frame = await wb.webviewFrame('[data-testid=units] [data-testid=unit-row]', 60000);
  assert.match(await frame.locator('[data-testid=units-status]').innerText(), /^fox\.txt · \d+ characters · read by fox$/);
  const features = await frame.locator('.units-feature').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')));
  assert.ok(features.includes('whitespace') && features.includes('lineColumn'), `features shown: ${features.join(', ')}`);
  assert.ok(!features.includes('digit'), 'a feature that never varies in the text is left out');
  const first = frame.locator('[data-testid=unit-row]').first();
  const row = /Layer 1 · ([CH]) (\d+)\s+r = [+−][01]\.\d\d/.exec(await first.innerText());
  assert.ok(row, `the first row names a unit and its r: ${await first.innerText()}`);
  await first.click();
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor [class*="ced-"]').length > 0, undefined, { timeout: 15000 });
  // The status bar message travels on its own (the extension host sends a status bar item's text
  // a tick after the decorations), and the Colour Text test's message may still show for a few
  // seconds: wait for the clicked unit's.
  const colouredBy = `coloured by layer 1 · ${row[1]} ${row[2]} `;
  await wb.page.locator('.statusbar-item', { hasText: colouredBy }).first().waitFor({ state: 'visible', timeout: 15000 });
  assert.ok((await wb.page.locator('.statusbar').innerText()).includes(colouredBy));
  await wb.screenshot('units-view');
  // The keyboard works too: ↓ then Enter colours by the next unit.
  await first.focus();
  await wb.page.keyboard.press('ArrowDown');
  assert.equal(await frame.locator('[data-testid=unit-row]').nth(1).evaluate((e) => e === document.activeElement), true);
  await frame.locator('[data-testid=rank-corpus]').click();
  // "Ranking units on the training corpus of fox…" (data-busy=true) names it too: wait for the ranking itself.
  await frame.locator('[data-testid=units-status][data-busy=false]', { hasText: 'the training corpus of fox' }).waitFor({ timeout: 60000 });
  assert.match(await frame.locator('[data-testid=units-status]').innerText(), /^the training corpus of fox · 1,760 characters/);
  await wb.runCommand('LSTM Lens: Clear Colouring');
  await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor [class*="ced-"]').length === 0);
});
