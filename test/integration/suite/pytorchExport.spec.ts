/**
 * Export as Notebook and Export as torchrun Script inside the real extension host: with a model
 * loaded and a target folder passed, the files land in the folder and the notebook opens as a
 * notebook document (no Jupyter extension needed), the script as a text editor.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspace } from './helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'editor', 'fox');

describe('LSTM Lens exports to PyTorch', () => {
  const name = 'nbfox';
  const store = () => path.join(workspace(), '.lstm-lens', name);
  const target = () => path.join(workspace(), 'pytorch-export');

  before(async () => {
    fs.cpSync(FIXTURE, store(), { recursive: true });
    await vscode.commands.executeCommand('lstmLens.loadModel', name);
  });

  after(() => {
    for (const dir of [store(), target()]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Export as Notebook writes the notebook, the weights and the corpus, and opens the notebook', async () => {
    const folder = vscode.Uri.file(path.join(target(), 'notebook'));
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('lstmLens.exportNotebook', folder);
    assert.ok(opened, 'the command returned what it opened');
    for (const file of ['model.ipynb', 'model.safetensors', 'corpus.txt']) assert.ok(fs.existsSync(path.join(folder.fsPath, file)), file);
    assert.equal(fs.readFileSync(path.join(folder.fsPath, 'corpus.txt'), 'utf8'), fs.readFileSync(path.join(FIXTURE, 'corpus.txt'), 'utf8'), 'the model\'s own corpus');
    const doc = vscode.workspace.notebookDocuments.find((d) => d.uri.fsPath === opened.fsPath);
    assert.ok(doc, `open notebooks: ${vscode.workspace.notebookDocuments.map((d) => d.uri.fsPath).join(', ')}`);
    assert.equal(doc.notebookType, 'jupyter-notebook');
    assert.ok(doc.getCells().some((c) => c.kind === vscode.NotebookCellKind.Code && c.document.getText().includes('def train_ch8(')));
  });

  it('Export as torchrun Script writes the script beside the weights and opens it', async () => {
    const folder = vscode.Uri.file(path.join(target(), 'torchrun'));
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('lstmLens.exportTorchrun', folder);
    assert.ok(opened);
    for (const file of ['train_torchrun.py', 'model.safetensors', 'corpus.txt']) assert.ok(fs.existsSync(path.join(folder.fsPath, file)), file);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, opened.fsPath);
    assert.match(editor.document.getText(), /DistributedDataParallel/);
  });

  it('into a path it cannot make a folder of, writes and opens nothing (and says why in an error message)', async () => {
    fs.mkdirSync(target(), { recursive: true });
    const blocker = path.join(target(), 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const before = vscode.workspace.notebookDocuments.length;
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('lstmLens.exportNotebook', vscode.Uri.file(blocker));
    assert.equal(opened, undefined);
    assert.equal(vscode.workspace.notebookDocuments.length, before);
  });
});
