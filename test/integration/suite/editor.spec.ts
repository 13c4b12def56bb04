/**
 * The editor features inside the real VS Code's extension host: gate hovers, Generate with
 * undo, colouring by a unit, interpretable units, `<unk>` characters and stale results, with
 * the small trained fox model (test/fixtures/editor) copied into the workspace's store.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnitScore } from '../../../src/core/infer/unitFeatures';
import type { LstmLensApi } from '../../../src/extension/main';
import { workspace, api, openFile } from './helpers';

const FOX_LINE = 'the quick brown fox jumps over the lazy dog\n';
const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'editor', 'fox');

/** The Markdown of LSTM Lens's hover at `offset`, or undefined when it gave none. */
async function lensHover(editor: vscode.TextEditor, offset: number): Promise<string | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset));
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('LSTM Lens'));
}

describe('LSTM Lens in the editor', () => {
  let lens: LstmLensApi;

  before(async () => {
    lens = await api();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    lens.store.clear();
  });

  it('stays silent without a model, and Generate says how to get one', async () => {
    assert.equal(lens.store.current(), undefined, 'no model is loaded yet');
    const editor = await openFile('silent.txt', FOX_LINE);
    assert.equal(await lensHover(editor, 4), undefined);
    assert.equal(await vscode.commands.executeCommand('lstmLens.generate', { length: 5, temperature: 0 }), undefined);
    assert.equal(editor.document.getText(), FOX_LINE, 'nothing was inserted');
  });

  it('hovers a character with its gates as an image, the top 5 next characters, its surprisal and a link to the explorer', async () => {
    fs.cpSync(FIXTURE, path.join(workspace(), '.lstm-lens', 'fox'), { recursive: true });
    assert.equal((await vscode.commands.executeCommand<{ name: string }>('lstmLens.loadModel', 'fox'))?.name, 'fox');
    const editor = await openFile('fox.txt', FOX_LINE.repeat(3));
    const md = await lensHover(editor, FOX_LINE.length + 4); // the second line's "q"
    assert.ok(md, 'LSTM Lens answered the hover');
    assert.match(md, /!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
    const svg = Buffer.from(/base64,([A-Za-z0-9+/=]+)/.exec(md)?.[1] ?? '', 'base64').toString('utf8');
    assert.match(svg, /^<svg [^>]*>.*<path fill="#[0-9a-f]{6}" d="M/s);
    const cells = (row: string) => (new RegExp(`^\\| ${row} \\| (.+) \\|$`, 'm').exec(md)?.[1] ?? '').split(' | ');
    const next = cells('next');
    const probs = cells('p').map((p) => Number(p.replace('%', '')));
    assert.equal(next.length, 5, md);
    assert.equal(next[0], '`u`', 'after "q" the model expects "u"');
    assert.ok(probs[0] > 80 && probs.every((p, i) => i === 0 || p <= probs[i - 1]), probs.join());
    assert.match(md, /`q` · step \d+ · surprisal [\d.]+ nats/);
    assert.match(md, /\(command:lstmLens\.exploreSelection\?[^)]+\)/);
    const args = JSON.parse(decodeURIComponent(/exploreSelection\?([^ )]+)/.exec(md)?.[1] ?? '')) as [{ uri: string; offset: number }];
    assert.deepEqual(args, [{ uri: editor.document.uri.toString(), offset: FOX_LINE.length + 4 }]);
  });

  it('reads characters outside the vocabulary as <unk> and goes on', async () => {
    const text = `${FOX_LINE}Ünïcode € "quoted" 42\n${FOX_LINE}`;
    const editor = await openFile('unknown.txt', text);
    assert.match((await lensHover(editor, text.indexOf('€'))) ?? '', /`<unk>` · step/);
    assert.match((await lensHover(editor, text.lastIndexOf('q'))) ?? '', /`q` · step/);
  });

  it('drops a hover whose document changed while it was computed', async () => {
    const editor = await openFile('long.txt', FOX_LINE.repeat(400));
    const end = editor.document.getText().length - 10;
    const pending = lensHover(editor, end);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(await pending, undefined, 'the hover for the old version was dropped');
    assert.ok(await lensHover(editor, end + 1), 'the next hover answers for the new version');
  });

  it('reads a document in the background when it comes into view, and on from an edit once it is still', async () => {
    const editor = await openFile('shown.txt', FOX_LINE.repeat(100));
    const readTo = async (atLeast: number): Promise<number> => {
      for (let i = 0; i < 100; i++) {
        const read = lens.editorReadTo(editor.document) ?? 0;
        if (read >= atLeast) return read;
        await new Promise((r) => setTimeout(r, 100));
      }
      return lens.editorReadTo(editor.document) ?? 0;
    };
    const length = editor.document.getText().length; // one token a character for the fox model
    assert.ok((await readTo(length - 32)) >= length - 32, 'read to its last checkpoint without a request');
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'x'));
    assert.ok((lens.editorReadTo(editor.document) ?? 0) <= FOX_LINE.length, 'an edit drops the checkpoints after it');
    assert.ok((await readTo(length - 32)) >= length - 32, 'read on from the edit once still');
  });

  it('Generate continues the selection greedily as one edit that Undo removes', async () => {
    const editor = await openFile('generate.txt', `${FOX_LINE}the quick `);
    const before = editor.document.getText();
    editor.selection = new vscode.Selection(1, 0, 1, 10);
    const text = await vscode.commands.executeCommand<string>('lstmLens.generate', { length: 33, temperature: 0 });
    assert.equal(text, 'brown fox jumps over the lazy dog');
    assert.equal(editor.document.getText(), `${before}brown fox jumps over the lazy dog`);
    editor.selection = new vscode.Selection(0, 4, 0, 4);
    assert.equal(await vscode.commands.executeCommand<string>('lstmLens.generate', { length: 5, temperature: 0 }), 'quick', 'from the cursor, after "the "');
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('colours the text by a unit, refuses a unit the model lacks, and clears', async () => {
    await openFile('colour.txt', FOX_LINE.repeat(5));
    const result = await vscode.commands.executeCommand<{ unit: unknown; spans: number }>('lstmLens.colourByUnit', { layer: 0, kind: 'H', unit: 3 });
    assert.deepEqual(result?.unit, { layer: 0, kind: 'H', unit: 3 });
    assert.ok((result?.spans ?? 0) > 20, `${result?.spans} spans coloured`);
    assert.equal(await vscode.commands.executeCommand('lstmLens.colourByUnit', { layer: 0, kind: 'H', unit: 99 }), undefined);
    await vscode.commands.executeCommand('lstmLens.clearColouring');
  });

  it('ranks units by text features and colours the editor by the one picked', async () => {
    await openFile('units.txt', `say "the quick (brown) fox" 12 times\n${FOX_LINE}`.repeat(6));
    const picked = vscode.commands.executeCommand<UnitScore | undefined>('lstmLens.findUnits');
    let done = false;
    void picked.then(() => (done = true));
    for (let i = 0; i < 100 && !done; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const score = await picked;
    assert.ok(score, 'a unit was picked');
    assert.ok(Math.abs(score.r) > 0.3 && Math.abs(score.r) <= 1, `r = ${score.r}`);
    assert.ok(score.unit >= 0 && score.unit < 32);
    await vscode.commands.executeCommand('lstmLens.clearColouring');
  });
});
