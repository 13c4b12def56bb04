/**
 * For d2l's readers (issue #12): code-server in the zh-cn locale (a fixture language pack, see
 * harness/languagePack.ts), and LSTM Lens in Chinese where a person meets it: a command's title
 * in the palette, a notification, the gate explorer's panel and a hover. Every expected text is
 * read from the zh-cn files the extension ships (package.nls.zh-cn.json and
 * l10n/bundle.l10n.zh-cn.json), so a string that loses its translation fails here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { format } from '../../webview/panel/format';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

const readJson = (file: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, string>;
const NLS = readJson('package.nls.zh-cn.json');
const BUNDLE = readJson('l10n/bundle.l10n.zh-cn.json');

/** The zh-cn text of a manifest key or of a host string (keyed by its English), failing when it has none. */
function zh(table: Record<string, string>, key: string): string {
  const text = table[key];
  assert.ok(typeof text === 'string' && text.length > 0, `no zh-cn text for ${JSON.stringify(key)}`);
  return text;
}

/** A palette title as the workbench shows it: the manifest's category, then the zh-cn title. */
const commandTitle = (key: string) => `LSTM Lens: ${zh(NLS, `command.${key}`)}`;

/** A line of rendered Markdown made from a zh-cn template: its `**` marks render as bold, and any text may stand for a placeholder. */
function renderedTemplate(template: string): RegExp {
  const escaped = template.replace(/\*\*/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\\{\d+\\\}/g, '.+?')}$`);
}

const SAMPLE = fs.readFileSync(path.join(REPO_ROOT, 'media', 'samples', 'timemachine.txt'), 'utf8').split('\n');
/** The sample's first line of prose, explored in the panel. */
const EXPLORED_LINE = SAMPLE.findIndex((l) => l.startsWith('The Time Traveller'));

let session: UiSession;
let wb: Workbench;

before(async () => {
  session = await openUiSession({ files: { 'notes.txt': '一个我自己的工作区\n' }, locale: 'zh-cn' });
  wb = session.wb;
});

after(() => session?.close());

test('the command palette shows LSTM Lens commands by their zh-cn titles', async () => {
  const title = commandTitle('train');
  const row = await wb.paletteRow(title);
  // The row's first label is the title in the display language (the English one is its detail).
  assert.equal((await row.locator('.label-name').first().innerText()).trim(), title);
  await wb.screenshot('zhcn-palette');
  await wb.page.keyboard.press('Escape');
});

test('Open the d2l Model, run by its zh-cn title, says in Chinese what it loaded', async () => {
  const { config, metrics } = await readCheckpointDir(path.join(REPO_ROOT, 'media', 'models', 'd2l-timemachine'));
  const last = metrics.at(-1);
  assert.ok(last, 'the bundled model has its metrics');
  const template = zh(BUNDLE, 'LSTM Lens: the d2l model is loaded ({0}, {1} hidden units, {2} epochs on The Time Machine, perplexity {3}). Hover a character of the text, or select a line and run Explore Selection.');
  // The same values the command fills in (src/extension/d2lModel.ts).
  const want = format(template, config.cell.toUpperCase(), config.hiddenSize, last.epoch, last.perplexity.toFixed(2));
  await wb.runCommand(commandTitle('openD2lModel'));
  const message = wb.page.locator('.notification-toast .notification-list-item-message').first();
  await message.waitFor({ state: 'visible', timeout: 30000 });
  assert.equal((await message.innerText()).trim(), want);
  await wb.page.locator('.tabs-container .tab', { hasText: 'timemachine.txt' }).first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.screenshot('zhcn-notification');
});

test('a hover on the sample speaks Chinese: its heading, the next characters, the link to the explorer', async () => {
  await wb.page.locator('.tabs-container .tab', { hasText: 'timemachine.txt' }).first().click();
  const lines = (await wb.hoverText('Traveller', 0)).split('\n').map((l) => l.trim());
  assert.match(lines[0], renderedTemplate(zh(BUNDLE, '**LSTM Lens** · {0} · step {1} · surprisal {2} nats (p = {3})')));
  assert.ok(lines.some((l) => l.startsWith(zh(BUNDLE, 'next'))), `a row of next characters in:\n${lines.join('\n')}`);
  assert.ok(lines.includes(zh(BUNDLE, 'Explore from here')), `the explorer's link in:\n${lines.join('\n')}`);
  await wb.screenshot('zhcn-hover');
  await wb.page.keyboard.press('Escape');
});

test("the gate explorer names d2l's gates and states in Chinese", async () => {
  await wb.selectText(EXPLORED_LINE + 1, 1, SAMPLE[EXPLORED_LINE].length);
  await wb.runCommand(commandTitle('exploreSelection'));
  const panel: Frame = await wb.webviewFrame('[data-testid=explorer][data-steps]');
  assert.equal((await panel.locator('[data-testid=tab-explorer]').innerText()).trim(), zh(BUNDLE, 'Gate explorer'));
  // d2l's English names, the keys of their zh-cn texts (src/extension/panelStrings.ts).
  const names: Record<string, string> = { I: 'input gate I', F: 'forget gate F', O: 'output gate O', C_tilde: 'candidate memory cell C̃', C: 'memory cell C', H: 'hidden state H' };
  for (const [gate, english] of Object.entries(names)) {
    const name = zh(BUNDLE, english);
    assert.equal((await panel.locator(`[data-testid="heatmap-${gate}"] figcaption > span`).first().innerText()).trim(), name, `the heatmap of ${gate}`);
    assert.equal(await panel.locator(`[data-testid="diagram-${gate}"] > title`).textContent(), name, `the diagram's ${gate}`);
  }
  await wb.screenshot('zhcn-explorer');
});
