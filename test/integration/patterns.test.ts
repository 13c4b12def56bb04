/**
 * Pattern search as a person uses it (LSTMVis's select and match views): explore a line of the
 * fox text with the small fox model, Shift+click to select a span in the explorer's text strip,
 * Find this pattern; the Patterns tab proposes the units the core proposes on the same trace,
 * the slider proposes anew, Search lists the matches the core finds in the same documents (the
 * model's training corpus and the open fox.txt), a click opens the match in the editor, and a
 * one-step span gets the too-short message and no search. Screenshots go to test-results/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { trace } from '../../src/core/infer/gateTrace';
import { Stepper } from '../../src/core/infer/stepper';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { encode } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { FusedForward } from '../../src/core/engine/fused/infer/fusedForward';
import { compileFusedWasm } from '../../src/core/engine/fused/kernels/kernels';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { proposeUnits } from '../../src/core/analysis/patterns/proposeUnits';
import { readCorpusStates } from '../../src/core/analysis/patterns/readCorpusStates';
import { searchPattern, type PatternMatch } from '../../src/core/analysis/patterns/searchPattern';
import type { UiSession } from './harness/session';
import { FOX_DIR, FOX_LINE, FOX_STEPS, openFoxExplorer } from './harness/foxExplorer';
import type { Workbench } from './harness/workbench';

const FOX_TEXT = FOX_LINE.repeat(3);
const STEPS = FOX_STEPS;
/**
 * "uick" in the second line: steps [5, 9) of the explored line, whose units (at τ = 0.3) are on
 * together nowhere with fewer extra units than over "uick" itself (for "over", a "the " ranks first).
 */
const SPAN = { start: 5, end: 9 };
const SPAN_TEXT = FOX_LINE.slice(SPAN.start, SPAN.end);
const DEFAULT_THRESHOLD = 0.3;

let session: UiSession;
let wb: Workbench;
let panel: Frame;

/** The top layer's H before and after every step of line 2 traced from the state after line 1, as the Patterns view reads the explorer's trace. */
async function expectedStates(): Promise<Float32Array[]> {
  const model = await readCheckpointDir(FOX_DIR);
  const ids = encode(FOX_TEXT, model.tokenizer, new Vocab(model.vocab));
  const warm = new Stepper(model.params, model.config).run(ids.subarray(0, FOX_LINE.length));
  const want = trace(model.params, model.config, ids.subarray(FOX_LINE.length, FOX_LINE.length + STEPS), { fromState: warm });
  return [Float32Array.from(warm.h), ...want.steps.map((s) => s.layers[0].H)];
}

/** The core's units for steps [start, end) of the line at `threshold` (states[0] is the state before the line). */
async function expectedUnits(threshold: number, span = SPAN): Promise<number[]> {
  return proposeUnits(await expectedStates(), { start: span.start + 1, end: span.end + 1 }, threshold);
}

/** The core's search over the documents the host reads: the model's training corpus, then the open fox.txt. */
async function expectedMatches(units: readonly number[], threshold: number, spanLength: number, maxChars?: number): Promise<{ matches: PatternMatch[]; texts: string[] }> {
  const model = await readCheckpointDir(FOX_DIR);
  const texts = [fs.readFileSync(path.join(FOX_DIR, 'corpus.txt'), 'utf8'), FOX_TEXT];
  const forward = FusedForward.fromModule(await compileFusedWasm(loadFusedWasm()), model.config, model.params);
  const read = await readCorpusStates(forward, { tokenizer: model.tokenizer, vocab: new Vocab(model.vocab) }, texts.map((text, i) => ({ name: String(i), text })), { maxChars });
  forward.dispose();
  return { matches: searchPattern(read.states, units, threshold, spanLength), texts };
}

const patterns = () => panel.locator('[data-testid=patterns]');
const shownUnits = async () => ((await patterns().getAttribute('data-units')) ?? '').split(' ').filter(Boolean).map(Number);
const waitAttr = (name: string, want: string) =>
  panel.waitForFunction(([n, w]) => document.querySelector('[data-testid=patterns]')?.getAttribute(n) === w, [name, want] as const, { timeout: 15000 });

/** Shift+click selection of steps [start, end) in the explorer's text strip, then Find this pattern. */
async function findPattern(start: number, end: number): Promise<void> {
  await panel.locator('[data-testid=tab-explorer]').click();
  await panel.locator(`.text-strip .tok[data-step="${start}"]`).click();
  await panel.locator(`.text-strip .tok[data-step="${end - 1}"]`).click({ modifiers: ['Shift'] });
  await panel.locator('[data-testid=find-pattern]').click();
  await waitAttr('data-span-end', String(end));
}

before(async () => {
  ({ session, panel } = await openFoxExplorer());
  wb = session.wb;
});

after(() => session?.close());

test('the Patterns tab without a selection says how to start', async () => {
  await panel.locator('[data-testid=tab-patterns]').click();
  const intro = panel.locator('[data-testid=patterns-intro]');
  assert.ok(await intro.isVisible());
  assert.match(await intro.innerText(), /Explore Selection.*Shift\+click.*Find this pattern/s);
  assert.equal(await panel.locator('[data-testid=pattern-search]').isVisible(), false);
});

test("Find this pattern proposes the core's units for the span; the slider proposes anew; units can be removed and added", async () => {
  await findPattern(SPAN.start, SPAN.end);
  assert.equal(await panel.locator('[data-testid=pattern-span]').innerText(), SPAN_TEXT);
  const want = await expectedUnits(DEFAULT_THRESHOLD);
  assert.ok(want.length > 0, `the core proposes units for "${SPAN_TEXT}"`);
  assert.deepEqual(await shownUnits(), want);
  assert.deepEqual(await panel.locator('[data-testid=pattern-unit]').evaluateAll((chips) => chips.map((c) => Number((c as HTMLElement).dataset.unit))), want);
  // the keyboard drags the slider: four steps of 0.05 down
  const slider = panel.locator('[data-testid=pattern-threshold]');
  await slider.focus();
  for (let i = 0; i < 4; i++) await wb.page.keyboard.press('ArrowLeft');
  await waitAttr('data-threshold', '0.1');
  assert.deepEqual(await shownUnits(), await expectedUnits(0.1));
  for (let i = 0; i < 4; i++) await wb.page.keyboard.press('ArrowRight');
  await waitAttr('data-threshold', String(DEFAULT_THRESHOLD));
  assert.deepEqual(await shownUnits(), want);
  // remove the last unit, then add it back by number
  const last = want[want.length - 1];
  await panel.locator(`[data-testid=pattern-unit][data-unit="${last}"]`).click();
  await waitAttr('data-units', want.slice(0, -1).join(' '));
  await panel.locator('[data-testid=pattern-add-unit]').fill(String(last));
  await panel.locator('[data-testid=pattern-add-unit]').press('Enter');
  await waitAttr('data-units', want.join(' '));
  // with every unit removed, the view says there is no pattern and Search is off until one is added
  for (const u of want) await panel.locator(`[data-testid=pattern-unit][data-unit="${u}"]`).click();
  await waitAttr('data-units', '');
  assert.match(await panel.locator('[data-testid=patterns-status]').innerText(), /No unit is on over the whole span/);
  assert.equal(await panel.locator('[data-testid=pattern-search]').isDisabled(), true);
  for (const u of want) {
    await panel.locator('[data-testid=pattern-add-unit]').fill(String(u));
    await panel.locator('[data-testid=pattern-add]').click();
  }
  await waitAttr('data-units', want.join(' '));
  assert.equal(await panel.locator('[data-testid=pattern-search]').isDisabled(), false);
  // a unit the top layer does not have is refused, with a message
  await panel.locator('[data-testid=pattern-add-unit]').fill('999');
  await panel.locator('[data-testid=pattern-add]').click();
  assert.match(await panel.locator('[data-testid=patterns-status]').innerText(), /not a unit of the top layer/);
  assert.deepEqual(await shownUnits(), want);
  await panel.locator('[data-testid=pattern-add-unit]').fill('');
});

test("Search lists the matches the core finds in the corpus and the open documents, each a snippet with a heatmap; a click opens it in the editor", async () => {
  const units = await shownUnits();
  await panel.locator('[data-testid=pattern-search]').click();
  await panel.waitForFunction(() => document.querySelector('[data-testid=patterns]')?.hasAttribute('data-matches'), undefined, { timeout: 60000 });
  const { matches: want, texts } = await expectedMatches(units, DEFAULT_THRESHOLD, SPAN.end - SPAN.start);
  assert.ok(want.length > 1, `the core finds ${want.length} matches`);
  const rows = panel.locator('[data-testid=pattern-match]');
  assert.equal(await rows.count(), want.length);
  const shown = await rows.evaluateAll((bs) => bs.map((b) => ({ score: Number((b as HTMLElement).dataset.score), shared: Number((b as HTMLElement).dataset.shared), extra: Number((b as HTMLElement).dataset.extra) })));
  assert.deepEqual(shown, want.map((m) => ({ score: m.score, shared: m.shared, extra: m.extra })));
  const top = rows.first();
  assert.match(await top.locator('.match-score').innerText(), new RegExp(`score ${want[0].score.toFixed(2)} · shared ${want[0].shared} · extra ${want[0].extra}`));
  // the line repeats: the best match is the same text as the span
  assert.equal(await top.locator('.match-text').innerText(), SPAN_TEXT);
  assert.equal(texts[Number(want[0].name)].slice(want[0].from, want[0].to), SPAN_TEXT);
  assert.deepEqual(await top.locator('canvas.match-heatmap').evaluate((c) => [(c as HTMLCanvasElement).dataset.units, (c as HTMLCanvasElement).dataset.steps]), [String(units.length), String(want[0].heatmap.steps)]);
  assert.match(await top.locator('.match-doc').innerText(), Number(want[0].name) === 0 ? /training corpus of fox/ : /fox\.txt/);
  // the progress notification closes once the read is done (VS Code shows one for a moment at least)
  await wb.page.locator('.notification-toast', { hasText: 'reading the hidden states' }).waitFor({ state: 'hidden', timeout: 15000 });
  await wb.screenshot('pattern-search');
  // a click opens the match's document with the match selected: the status bar shows the cursor at its end
  const text = texts[Number(want[0].name)];
  const line = text.slice(0, want[0].to).split('\n').length;
  const col = want[0].to - text.lastIndexOf('\n', want[0].to - 1);
  await top.click();
  const expected = `Ln ${line}, Col ${col} (${want[0].to - want[0].from} selected)`;
  await wb.page.waitForFunction((e) => (document.getElementById('status.editor.selection')?.textContent ?? '').includes(e), expected, { timeout: 15000 });
  await wb.screenshot('pattern-search-opened');
});

test('a corpus larger than lstmLens.patterns.maxChars is read up to the cap, and the view says so', async () => {
  const units = await shownUnits();
  fs.mkdirSync(path.join(session.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lstmLens.patterns.maxChars': 1000 }));
  const status = panel.locator('[data-testid=patterns-status]');
  // the settings file is read a moment after it is written: search until the host reads with the cap
  for (let i = 0; i < 30 && !/lstmLens\.patterns\.maxChars/.test(await status.innerText()); i++) {
    await panel.locator('[data-testid=pattern-search]').click();
    await panel.waitForFunction(() => document.querySelector('[data-testid=patterns]')?.hasAttribute('data-matches'), undefined, { timeout: 60000 });
    await panel.waitForTimeout(300);
  }
  assert.match(await status.innerText(), /the first 1000 characters were read \(setting lstmLens\.patterns\.maxChars\); documents left out: 1/);
  assert.match(await status.innerText(), /1,000 characters/);
  const { matches } = await expectedMatches(units, DEFAULT_THRESHOLD, SPAN.end - SPAN.start, 1000);
  assert.equal(await panel.locator('[data-testid=pattern-match]').count(), matches.length);
  fs.rmSync(path.join(session.workspace, '.vscode'), { recursive: true, force: true });
});

test('a one-step span gets the too-short message, and no search runs', async () => {
  await findPattern(12, 13);
  const status = panel.locator('[data-testid=patterns-status]');
  assert.match(await status.innerText(), /at least 2 characters/);
  assert.equal(await patterns().getAttribute('data-units'), '');
  assert.equal(await panel.locator('[data-testid=pattern-search]').isDisabled(), true);
  assert.equal(await panel.locator('[data-testid=pattern-match]').count(), 0);
  assert.equal(await patterns().getAttribute('data-matches'), null);
});
