/**
 * Untrusted text in the views: a model whose vocabulary holds crafted tokens (HTML, Markdown
 * image and command-link syntax, backticks, pipes, theme-icon syntax, a right-to-left override)
 * reads a file made of the same text with the raw-character tokenizer. The hover, the explorer's
 * text strip and next characters, and the Units view must show all of it as text: no image but
 * the hover's own heatmap, no link but the extension's own command, no icon, no dialog.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { readCheckpointDir, writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { initParams } from '../../src/core/model/init';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

const IMG_TAG = '<img src=x onerror=alert(1)>';
const COMMAND_LINK = '[x](command:workbench.action.quit)';
const REMOTE_IMAGE = '![i](http://127.0.0.1:9/x.png)';
const LINES = [`a ${IMG_TAG} b`, `c ${COMMAND_LINK} d`, `e ${REMOTE_IMAGE} f`, 'g ``code`` | h', 'i $(alert) j', 'k \u202eevil l'];
const TEXT = `${LINES.join('\n')}\n`;
/**
 * The characters that build markup (a model's tokens are single characters of its tokenizer: a
 * checkpoint whose vocabulary holds longer tokens is refused when it loads, see
 * test/unit/modelFileLimits.test.ts), which the output bias puts at the top of every next-character list.
 */
const CRAFTED = ['`', '|', '<', '[', '$'];
const MODEL = 'untrusted';

let session: UiSession;
let wb: Workbench;
const dialogs: string[] = [];

before(async () => {
  session = await openUiSession({ files: { 'hostile.txt': TEXT } });
  wb = session.wb;
  wb.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const fox = await readCheckpointDir(path.join(REPO_ROOT, 'test', 'fixtures', 'editor', 'fox'));
  const vocab = ['<unk>', ...new Set([...CRAFTED, ...Array.from(TEXT)])];
  const config = { cell: 'lstm' as const, vocabSize: vocab.length, hiddenSize: 8, numLayers: 1 };
  const params = initParams(config, 7, 0.5);
  const b_q = params.get('b_q') as Float32Array;
  CRAFTED.forEach((_, i) => (b_q[1 + i] = 40 - 5 * i)); // far above what the weights add, in this order
  await writeCheckpointDir(path.join(session.workspace, '.lstm-lens', MODEL), { ...fox, config, params, vocab, tokenizer: { kind: 'chars', maxVocab: vocab.length } });
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick(MODEL);
  await wb.openFile('hostile.txt');
});

after(() => session?.close());

/** Every image in `root` and where it comes from, every link and where it goes. */
async function imagesAndLinks(root: Locator | Frame): Promise<{ images: string[]; links: string[] }> {
  const images = await root.locator('img, image, svg image').evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? e.getAttribute('href') ?? ''));
  const links = await root.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('data-href') ?? e.getAttribute('href') ?? ''));
  return { images, links };
}

test('the hover shows crafted tokens and document text as text: only its heatmap image and its explorer link', async () => {
  const text = await wb.hoverText('[x]', 0);
  const hover = wb.page.locator('.monaco-hover:not(.hidden)').first();
  await wb.screenshot('untrusted-hover');
  const { images, links } = await imagesAndLinks(hover);
  assert.ok(images.length >= 1 && images.every((src) => src.startsWith('data:image/svg+xml;base64,')), `images: ${images.join(', ')}`);
  assert.ok(links.length >= 1 && links.every((href) => href.startsWith('command:lstmLens.exploreSelection')), `links: ${links.join(', ')}`);
  assert.equal(await hover.locator('.codicon-alert').count(), 0, 'no theme icon from "$(alert)"');
  // The five crafted tokens are the next characters, each in its own cell of the table.
  const cells = await hover.locator('table thead th').allInnerTexts();
  assert.deepEqual(cells.slice(1).map((c) => c.trim().replace(/␣/g, ' ')), CRAFTED, text); // the hover shows a space as ␣
  await wb.page.keyboard.press('Escape');
});

test("the explorer's text strip and next characters show the text as text", async () => {
  await wb.goTo(1, 1);
  await wb.page.keyboard.press('Control+A');
  await wb.runCommand('LSTM Lens: Explore Selection');
  const panel = await wb.webviewFrame('[data-testid=explorer][data-steps]', 60000);
  await panel.locator('[data-testid=next-chars] li').first().waitFor({ timeout: 30000 });
  await wb.screenshot('untrusted-explorer');
  const strip = await panel.locator('.text-strip').innerText();
  for (const piece of [IMG_TAG, COMMAND_LINK, REMOTE_IMAGE, '$(alert)']) assert.ok(strip.replace(/␣/g, ' ').includes(piece), `${piece} in ${strip}`);
  const next = await panel.locator('[data-testid=next-chars] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.deepEqual(next, CRAFTED);
  const { images, links } = await imagesAndLinks(panel);
  assert.ok(images.every((src) => src !== 'x' && !src.includes('127.0.0.1')), `images: ${images.join(', ')}`);
  assert.ok(links.every((href) => !href.startsWith('command:') && !href.includes('127.0.0.1')), `links: ${links.join(', ')}`);
});

test('the Units view ranks units on the file and shows no markup from it', async () => {
  await wb.runCommand('LSTM Lens: Show Interpretable Units in the Panel');
  const frame = await wb.webviewFrame('[data-testid=units] [data-testid=unit-row]', 60000);
  await wb.screenshot('untrusted-units');
  assert.match(await frame.locator('[data-testid=units-status]').innerText(), /^hostile\.txt · \d+ characters · read by untrusted$/);
  const { images, links } = await imagesAndLinks(frame);
  assert.ok(images.every((src) => src !== 'x' && !src.includes('127.0.0.1')), `images: ${images.join(', ')}`);
  assert.ok(links.every((href) => !href.startsWith('command:')), `links: ${links.join(', ')}`);
  assert.deepEqual(dialogs, [], 'no script ran a dialog');
});
