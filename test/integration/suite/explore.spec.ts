/**
 * Explore Selection inside the real VS Code's extension host: what it traces for a selection,
 * for no selection, and for the hover's "Explore from here", with the fox model in the store.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExploreResult } from '../../../src/extension/explore/exploreCommand';
import type { LstmLensApi } from '../../../src/extension/main';
import { api, openFile, workspace } from './helpers';

const FOX_LINE = 'the quick brown fox jumps over the lazy dog\n';
const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'editor', 'fox');

const explore = (arg?: unknown) => vscode.commands.executeCommand<ExploreResult | undefined>('lstmLens.exploreSelection', arg);

describe('Explore Selection', () => {
  let lens: LstmLensApi;

  before(async () => {
    lens = await api();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    lens.store.clear();
  });

  it('without a model, says so and traces nothing', async () => {
    lens.store.clear();
    await openFile('explore-none.txt', FOX_LINE);
    assert.equal(await explore(), undefined);
  });

  it('traces the selection with the fused tracer, from the state after the text before it', async () => {
    fs.cpSync(FIXTURE, path.join(workspace(), '.lstm-lens', 'fox'), { recursive: true });
    await vscode.commands.executeCommand('lstmLens.loadModel', 'fox');
    const editor = await openFile('explore.txt', FOX_LINE.repeat(3));
    editor.selection = new vscode.Selection(1, 4, 1, 15); // "quick brown"
    const r = await explore();
    assert.ok(r, 'the command traced');
    assert.deepEqual(
      { span: r.span, firstToken: r.firstToken, steps: r.steps, units: r.units, layers: r.layers, step: r.step, engine: r.engine },
      { span: { start: 48, end: 59, focus: 48 }, firstToken: 48, steps: 11, units: 32, layers: 1, step: 0, engine: 'fused-wasm' },
    );
    assert.equal(r.uri, editor.document.uri.toString());
  });

  it("with nothing selected, traces the cursor's line", async () => {
    const editor = vscode.window.activeTextEditor as vscode.TextEditor;
    editor.selection = new vscode.Selection(2, 5, 2, 5);
    const r = await explore();
    assert.deepEqual([r?.span.start, r?.span.end, r?.steps, r?.step], [88, 131, 43, 0]);
  });

  it('from a hover link, opens at the hovered step of the visible text', async () => {
    const editor = vscode.window.activeTextEditor as vscode.TextEditor;
    const offset = FOX_LINE.length + 16; // the second line's "f"
    const r = await explore({ uri: editor.document.uri.toString(), offset });
    assert.ok(r);
    assert.deepEqual([r.span.start, r.span.end, r.firstToken], [0, FOX_LINE.length * 3, 0]);
    assert.equal(r.step, offset, 'one step per character from the start of the file');
  });

  it('on a blank line with nothing selected, traces the visible range', async () => {
    const editor = await openFile('explore-blank.txt', '\nthe fox\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const r = await explore();
    assert.deepEqual([r?.span.start, r?.span.end, r?.steps], [0, 9, 9]);
  });
});
