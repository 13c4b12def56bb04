/**
 * The gate explorer as a person uses it: select a line, run Explore Selection from the palette
 * with the small fox model, and read the panel: heatmaps of units × characters, Play, a click
 * on a character, the keyboard, the values for one step against the core's trace, double-click
 * to show a character in the editor, the step following the editor's cursor. Screenshots go to
 * test-results/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { trace, type GateTrace } from '../../src/core/infer/gateTrace';
import { readingSteps } from '../../src/core/infer/gateReadings';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { cellInfo } from '../../src/core/model/cells/cellInfos';
import { Stepper } from '../../src/core/infer/stepper';
import { readCheckpointDir, writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { initParams } from '../../src/core/model/init';
import { encode } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import type { UiSession } from './harness/session';
import { FOX_DIR, FOX_LINE, FOX_STEPS, openFoxExplorer } from './harness/foxExplorer';
import type { Workbench } from './harness/workbench';

const GATES = ['I', 'F', 'O', 'C_tilde', 'C', 'H'];
const STEPS = FOX_STEPS;
const UNITS = 32;

let session: UiSession;
let wb: Workbench;
let panel: Frame;

/** The core's trace of line 2, from the state after line 1: what the explorer must show. */
async function expectedTrace(): Promise<{ want: GateTrace; vocab: Vocab }> {
  const model = await readCheckpointDir(FOX_DIR);
  const vocab = new Vocab(model.vocab);
  const ids = encode(FOX_LINE.repeat(3), model.tokenizer, vocab);
  const warm = new Stepper(model.params, model.config).run(ids.subarray(0, FOX_LINE.length));
  return { want: trace(model.params, model.config, ids.subarray(FOX_LINE.length, FOX_LINE.length + STEPS), { fromState: warm }), vocab };
}

const explorer = () => panel.locator('[data-testid=explorer]');
const step = async () => Number(await explorer().getAttribute('data-step'));
const waitStep = (t: number) => panel.waitForFunction((want) => document.querySelector('[data-testid=explorer]')?.getAttribute('data-step') === String(want), t, { timeout: 15000 });

before(async () => {
  ({ session, panel } = await openFoxExplorer());
  wb = session.wb;
});

after(() => session?.close());

test('Explore Selection shows a heatmap of units × characters for every gate', async () => {
  await wb.screenshot('explorer-open');
  assert.equal(await explorer().getAttribute('data-units'), String(UNITS));
  for (const gate of GATES) {
    const canvas = panel.locator(`[data-testid="heatmap-${gate}"] canvas[data-gate]`);
    assert.deepEqual(
      await canvas.evaluate((c: HTMLCanvasElement) => [c.dataset.units, c.dataset.steps, c.width, c.height, c.clientWidth > 100]),
      [String(UNITS), String(STEPS), STEPS, UNITS, true],
      gate,
    );
  }
  assert.equal(await panel.locator('.text-strip .tok').count(), STEPS);
  assert.equal(await panel.locator('.text-strip').innerText(), FOX_LINE.trim().replace(/ /g, '␣'));
  assert.equal(await step(), 0);
});

test('Play advances the step, Pause stops it', async () => {
  await panel.locator('[data-testid=play]').click();
  await panel.waitForFunction(() => Number(document.querySelector('[data-testid=explorer]')?.getAttribute('data-step')) >= 3, undefined, { timeout: 15000 });
  await wb.screenshot('explorer-playing');
  await panel.locator('[data-testid=play]').click();
  assert.equal(await explorer().getAttribute('data-playing'), 'false');
  const paused = await step();
  assert.ok(paused >= 3, `step ${paused}`);
  await panel.waitForTimeout(300);
  assert.equal(await step(), paused, 'paused: the step stays');
});

test('a click on a character moves the step; the keyboard steps, jumps and plays', async () => {
  await panel.locator('.text-strip .tok[data-step="10"]').click();
  await waitStep(10);
  assert.match(await panel.locator('.text-strip .tok.current').innerText(), /^b$/);
  await panel.locator('.explorer-heading').click();
  await wb.page.keyboard.press('End');
  await waitStep(STEPS - 1);
  await wb.page.keyboard.press('Home');
  await waitStep(0);
  await wb.page.keyboard.press('ArrowRight');
  await waitStep(1);
  await wb.page.keyboard.press('ArrowLeft');
  await waitStep(0);
  await wb.page.keyboard.press('Space');
  await panel.waitForFunction(() => document.querySelector('[data-testid=explorer]')?.getAttribute('data-playing') === 'true');
  await wb.page.keyboard.press('Space');
  await panel.waitForFunction(() => document.querySelector('[data-testid=explorer]')?.getAttribute('data-playing') === 'false');
});

test("the values shown for one step match the core's trace", async () => {
  const { want, vocab } = await expectedTrace();
  const t = 4; // "q" of the second line
  const unit = 5;
  await panel.locator(`.text-strip .tok[data-step="${t}"]`).click();
  await waitStep(t);
  await panel.selectOption('[data-testid=diagram-unit]', String(unit));
  const shown = async (key: string) => Number(await panel.locator(`[data-testid="diagram-${key}"]`).getAttribute('data-value'));
  const values = want.steps[t].layers[0];
  for (const gate of GATES) assert.ok(Math.abs((await shown(gate)) - values[gate][unit]) < 1e-5, `${gate}: ${await shown(gate)} vs ${values[gate][unit]}`);
  assert.ok(Math.abs((await shown('C_prev')) - want.steps[t - 1].layers[0].C[unit]) < 1e-5, 'C at the step before');
  // the next characters: the model learned the line, so after "q" comes "u"
  const next = panel.locator('[data-testid=next-chars] li');
  assert.equal(await next.count(), 5);
  assert.equal(await next.first().getAttribute('data-token'), vocab.tokenAt(want.steps[t].topK[0].token));
  assert.equal(await next.first().getAttribute('data-token'), 'u');
  assert.ok(Math.abs(Number(await next.first().getAttribute('data-prob')) - want.steps[t].topK[0].prob) < 1e-4);
  // hovering a heatmap cell shows its exact value (rows in index order)
  const cell = await hoverCell('H', unit, UNITS, t);
  assert.deepEqual([cell.unit, cell.step], [unit, t]);
  assert.ok(Math.abs(cell.value - values.H[unit]) < 1e-5);
  // C leaves (−1, 1) where the core's C does
  const outside = want.steps.flatMap((s) => [...s.layers[0].C]).filter((c) => Math.abs(c) > 1).length / (STEPS * UNITS);
  assert.ok(Math.abs(Number(await panel.locator('[data-testid="heatmap-C"]').getAttribute('data-outside')) - outside) < 1.5 / (STEPS * UNITS));
  await wb.screenshot('explorer-step');
});

test("a chosen unit's text marks where it forgets, ignores its input or hides its memory, as the core reads its gates; a changed setting marks anew", async () => {
  const { want } = await expectedTrace();
  const unit = 5; // chosen in the cell diagram by the test before
  const readings = panel.locator('[data-testid=readings]');
  await panel.waitForFunction((u) => document.querySelector('[data-testid=readings]')?.getAttribute('data-unit') === String(u), unit, { timeout: 15000 });
  const expected = (threshold: number) =>
    new Map(
      cellInfo('lstm').readings.map((r) => {
        const values = new Float32Array(STEPS * UNITS);
        want.steps.forEach((s, t) => values.set(s.layers[0][r.gate], t * UNITS));
        return [r.kind, readingSteps(values, STEPS, UNITS, unit, r, threshold)];
      }),
    );
  const shownMarks = async () =>
    panel.locator('.text-strip .tok').evaluateAll((boxes) => boxes.map((b) => (b as HTMLElement).dataset.readings ?? ''));
  const check = async (threshold: number) => {
    const marks = expected(threshold);
    for (const [kind, m] of marks) {
      const item = readings.locator(`li[data-reading=${kind}]`);
      await panel.waitForFunction(
        ([k, n]) => document.querySelector(`[data-testid=readings] li[data-reading=${k}]`)?.getAttribute('data-count') === n,
        [kind, String(m.reduce((a, b) => a + b, 0))] as const,
        { timeout: 15000 },
      );
      assert.match(await item.innerText(), new RegExp(`< ${threshold}`));
    }
    const shown = await shownMarks();
    for (const [kind, m] of marks) assert.deepEqual(shown.map((r) => r.split(' ').includes(kind) ? 1 : 0), [...m], kind);
    return [...marks.values()].reduce((n, m) => n + m.reduce((a, b) => a + b, 0), 0);
  };
  await check(0.1);
  assert.match(await readings.innerText(), /forgets/);
  // The settings change: the explorer marks the same unit anew, without tracing again.
  fs.mkdirSync(path.join(session.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lstmLens.explorer.readings.forgets': 0.5, 'lstmLens.explorer.readings.ignoresInput': 0.5, 'lstmLens.explorer.readings.hidesMemory': 0.5 }));
  const marked = await check(0.5);
  assert.ok(marked > 0, 'at τ = 0.5 some steps are marked');
  await readings.scrollIntoViewIfNeeded();
  await wb.screenshot('explorer-readings');
  fs.rmSync(path.join(session.workspace, '.vscode'), { recursive: true, force: true });
  await check(0.1);
});

test("the text strip is shaded by the current step's gradient connectivity, as the core computes it; the memory-length curve is drawn", async () => {
  const model = await readCheckpointDir(FOX_DIR);
  const ids = encode(FOX_LINE.repeat(3), model.tokenizer, new Vocab(model.vocab));
  const fused = await FusedConnectivity.create(loadFusedWasm(), model.config, model.params);
  const connectivity = panel.locator('[data-testid=connectivity]');
  for (const t of [20, 35]) {
    await panel.locator(`.text-strip .tok[data-step="${t}"]`).click();
    await panel.waitForFunction((want) => document.querySelector('[data-testid=connectivity]')?.getAttribute('data-step') === String(want), t, { timeout: 15000 });
    const { byDistance } = fused.ofStep(ids, FOX_LINE.length + t);
    const strongest = Math.max(...byDistance.subarray(1));
    const shaded = await panel.locator('.text-strip .tok').evaluateAll((boxes) => boxes.map((b) => Number((b as HTMLElement).dataset.connectivity ?? 0)));
    shaded.forEach((v, j) => {
      const want = j <= t ? Math.min(1, byDistance[t - j] / strongest) : 0;
      assert.ok(Math.abs(v - want) < 2e-3, `step ${t}, character ${j}: ${v} vs ${want}`);
    });
    const top = Array.from(byDistance, (v, k) => ({ v, k })).filter((p) => p.k >= 1).sort((a, b) => b.v - a.v || a.k - b.k).slice(0, 3).map((p) => p.k);
    assert.equal(await panel.locator('[data-testid=looked-back]').getAttribute('data-top'), top.join(' '));
    assert.match(await panel.locator('[data-testid=looked-back]').innerText(), /Looked back at/);
  }
  // The curve over the span's 43 steps: each reaches back to the document's start, at most 44 + 42 = 86 characters.
  assert.equal(await connectivity.getAttribute('data-curve-positions'), String(STEPS));
  const curve = fused.curve(ids, Array.from({ length: STEPS }, (_, s) => FOX_LINE.length + s));
  const points = Array.from(curve.mean).filter((v, k) => k >= 1 && Number.isFinite(v) && v > 0).length;
  assert.equal(await panel.locator('[data-testid=memory-curve]').getAttribute('data-points'), String(points));
  await connectivity.scrollIntoViewIfNeeded();
  await wb.screenshot('explorer-connectivity');
});

/** Hovers the cell of `row` at step t of a heatmap and returns what its tip says. */
async function hoverCell(gate: string, row: number, rows: number, t: number): Promise<{ unit: number; step: number; value: number }> {
  const canvas = panel.locator(`[data-testid="heatmap-${gate}"] canvas[data-gate]`);
  const box = await canvas.boundingBox();
  assert.ok(box);
  await canvas.hover({ position: { x: ((t + 0.5) * box.width) / STEPS, y: ((row + 0.5) * box.height) / rows } });
  const tip = panel.locator(`[data-testid="heatmap-${gate}"] .heatmap-tip`);
  await tip.waitFor({ state: 'visible' });
  return { unit: Number(await tip.getAttribute('data-unit')), step: Number(await tip.getAttribute('data-step')), value: Number(await tip.getAttribute('data-value')) };
}

test('sorting by variance puts the most variable unit of H first; the surprisal row holds the core\'s surprisal', async () => {
  const { want } = await expectedTrace();
  const variance = Array.from({ length: UNITS }, (_, j) => {
    const xs = want.steps.map((s) => s.layers[0].H[j]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  });
  const top = variance.indexOf(Math.max(...variance));
  await panel.selectOption('[data-testid=sort]', 'variance');
  await panel.waitForFunction(() => document.querySelector('[data-testid=explorer]')?.getAttribute('data-order') === 'variance');
  assert.equal((await hoverCell('H', 0, UNITS, 7)).unit, top);
  const s = await hoverCell('surprisal', 0, 1, 7);
  assert.equal(s.step, 7);
  assert.ok(Math.abs(s.value - want.steps[7].surprisal) < 1e-4, `${s.value} vs ${want.steps[7].surprisal}`);
  await wb.screenshot('explorer-sorted-by-variance');
  await panel.selectOption('[data-testid=sort]', 'index');
});

test('a double-click on a character selects it in the editor; moving the cursor moves the step', async () => {
  await panel.locator('.text-strip .tok[data-step="16"]').dblclick();
  const selection = wb.page.locator('[id="status.editor.selection"]');
  await wb.page.waitForFunction(() => /Ln 2, Col 18 \(1 selected\)/.test(document.getElementById('status.editor.selection')?.textContent ?? ''), undefined, { timeout: 15000 });
  assert.match(await selection.innerText(), /Ln 2, Col 18 \(1 selected\)/);
  await wb.goTo(2, 27); // the second line's "o" of "over"
  await waitStep(26);
  await wb.screenshot('explorer-follows-cursor');
});

test('after a window reload the model is current again and the explorer shows the same span at the same step', async () => {
  // The step follows the cursor, and a reload restores the cursor too: put both at step 9.
  await wb.goTo(2, 10);
  await waitStep(9);
  const stepsBefore = await explorer().getAttribute('data-steps');
  const old = panel;
  await wb.runCommand('Developer: Reload Window');
  for (let i = 0; i < 300 && !old.isDetached(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(old.isDetached(), 'the window reloaded');
  await wb.page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  panel = await wb.webviewFrame('[data-testid=explorer][data-steps]', 90000);
  assert.equal(await explorer().getAttribute('data-steps'), stepsBefore);
  await waitStep(9);
  // The restore is nobody's request just now: the keyboard stays in the editor the reload restored.
  assert.ok(await wb.page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor'))), 'the editor keeps the focus');
  await wb.page.locator('.statusbar-item', { hasText: 'fox' }).first().waitFor({ state: 'visible', timeout: 30000 });
  await wb.screenshot('explorer-restored-after-reload');
});

test("a GRU model gets the GRU's cell diagram (R, Z, H̃, H), with the core's values", async () => {
  const fox = await readCheckpointDir(FOX_DIR);
  const config = { ...fox.config, cell: 'gru' as const };
  const params = initParams(config, 11, 0.5);
  await writeCheckpointDir(path.join(session.workspace, '.lstm-lens', 'fox-gru'), { ...fox, config, params });
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('fox-gru');
  await wb.selectText(2, 1, STEPS); // in the editor: the restored explorer left it the focus
  await wb.runCommand('LSTM Lens: Explore Selection');
  panel = await wb.webviewFrame('[data-testid=cell-diagram][data-cell=gru]', 60000);
  assert.match(await panel.locator('[data-testid=cell-diagram] figcaption').innerText(), /^GRU · /);
  const ids = encode(FOX_LINE.repeat(3), fox.tokenizer, new Vocab(fox.vocab));
  const warm = new Stepper(params, config).run(ids.subarray(0, FOX_LINE.length));
  const want = trace(params, config, ids.subarray(FOX_LINE.length, FOX_LINE.length + STEPS), { fromState: warm });
  const t = 6;
  const unit = 2;
  await panel.locator(`.text-strip .tok[data-step="${t}"]`).click();
  await waitStep(t);
  await panel.selectOption('[data-testid=diagram-unit]', String(unit));
  const shown = async (key: string) => Number(await panel.locator(`[data-testid="diagram-${key}"]`).getAttribute('data-value'));
  for (const gate of ['R', 'Z', 'H_tilde', 'H']) {
    const expected = want.steps[t].layers[0][gate][unit];
    assert.ok(Math.abs((await shown(gate)) - expected) < 1e-5, `${gate}: ${await shown(gate)} vs ${expected}`);
  }
  assert.ok(Math.abs((await shown('H_prev')) - want.steps[t - 1].layers[0].H[unit]) < 1e-5, 'H at the step before');
  await panel.locator('[data-testid=cell-diagram]').scrollIntoViewIfNeeded();
  await wb.screenshot('explorer-gru-cell');
});

test('the explorer switches the model it shows on the same text, at the same step, without exploring again by hand', async () => {
  const select = panel.locator('[data-testid=explorer-model]');
  await panel.waitForFunction(() => {
    const s = document.querySelector('[data-testid=explorer-model]') as HTMLSelectElement | null;
    return s !== null && !s.disabled && s.value === 'fox-gru';
  }, undefined, { timeout: 15000 });
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual([...options].sort(), ['fox', 'fox-gru']);
  const traceBefore = await explorer().getAttribute('data-trace-id');
  const stepBefore = await step();
  await select.selectOption('fox');
  await panel.waitForFunction((old) => {
    const e = document.querySelector('[data-testid=explorer]');
    return e?.getAttribute('data-trace-id') !== old && document.querySelector('[data-testid=cell-diagram]')?.getAttribute('data-cell') === 'lstm';
  }, traceBefore, { timeout: 30000 });
  assert.equal(await explorer().getAttribute('data-steps'), String(STEPS), 'the same span');
  assert.equal(await step(), stepBefore, 'at the same step');
  assert.match(await panel.locator('.explorer-heading').innerText(), /^fox · /);
  // the model switched for the whole window: the status bar names it
  await wb.page.locator('.statusbar-item', { hasText: /fox · ppl/ }).first().waitFor({ state: 'visible', timeout: 15000 });
  // and its values are the LSTM's: the core's trace at this step, unit 2
  const { want } = await expectedTrace();
  await panel.selectOption('[data-testid=diagram-unit]', '2'); // the cell diagram updates on the change, synchronously
  const h = Number(await panel.locator('[data-testid="diagram-H"]').getAttribute('data-value'));
  assert.ok(Math.abs(h - want.steps[stepBefore].layers[0].H[2]) < 1e-5, `${h} vs ${want.steps[stepBefore].layers[0].H[2]}`);
});
