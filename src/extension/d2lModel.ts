/**
 * The trained d2l model that ships with LSTM Lens: d2l 10.1's LSTM (256 hidden units, the book's
 * preset) trained for the book's 500 epochs on The Time Machine by the project's own CLI
 * (media/models/d2l-timemachine/manifest.json keeps the command and the perplexity of every
 * epoch). Open the d2l Model copies it into the model store once (so Resume, the Units view's
 * corpus ranking and everything else treat it as any stored model, with the sample beside it as
 * its corpus), makes it current, and opens the sample to explore.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readCheckpointDir } from '../core/io/checkpointFiles';
import { writeFileAtomic } from '../core/io/durableFiles';
import { modelLimits, type LoadedModel, type ModelStore } from './modelStore';
import { CORPUS_FILE } from './train/trainingController';
import { sampleCorpusUri } from './train/corpusSource';
import { output } from './output';
import { section } from './settings';

export const D2L_MODEL = 'd2l-timemachine';

export function bundledD2lModelDir(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'media', 'models', D2L_MODEL).fsPath;
}

/** The d2l model, installed into the store first when it is not there; it becomes the current model. */
export async function loadD2lModel(store: ModelStore, extensionUri: vscode.Uri): Promise<LoadedModel> {
  if ((await store.list()).includes(D2L_MODEL)) return store.load(D2L_MODEL);
  const checkpoint = await readCheckpointDir(bundledD2lModelDir(extensionUri), modelLimits());
  const dir = await store.save(D2L_MODEL, checkpoint);
  await writeFileAtomic(path.join(dir, CORPUS_FILE), await vscode.workspace.fs.readFile(sampleCorpusUri(extensionUri)));
  return store.current() ?? store.load(D2L_MODEL);
}

/** lstmLens.openD2lModel: loads the d2l model, says what it is, and opens the sample to hover and explore. */
export async function openD2lModel(store: ModelStore, extensionUri: vscode.Uri): Promise<LoadedModel | undefined> {
  let model: LoadedModel;
  try {
    model = await loadD2lModel(store, extensionUri);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: could not open the d2l model: {0}', e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  const { config, metrics } = model.checkpoint;
  const last = metrics.at(-1);
  const editor = await vscode.window.showTextDocument(sampleCorpusUri(extensionUri), { preview: true });
  // The sample ships with the extension: no accidental edits to it.
  // (VS Code 1.79 and later have the command; an older one leaves the text editable.)
  if (vscode.window.activeTextEditor === editor) await Promise.resolve(vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession')).catch(() => undefined);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'LSTM Lens: the d2l model is loaded ({0}, {1} hidden units, {2} epochs on The Time Machine, perplexity {3}). Hover a character of the text, or select a line and run Explore Selection.',
      config.cell.toUpperCase(),
      config.hiddenSize,
      last?.epoch ?? 0,
      last ? last.perplexity.toFixed(2) : '?',
    ),
  );
  return model;
}

/**
 * lstmLens.model.openOnStart: the stored model to load when the window has no current model
 * (the demo opens with the d2l model this way); nothing in an untrusted workspace (its settings
 * are anyone's), and a model that does not load is reported in the log, not in the user's way.
 */
export async function openOnStart(store: ModelStore, extensionUri: vscode.Uri): Promise<LoadedModel | undefined> {
  const name = section().get<string>('model.openOnStart', '');
  if (!name || !vscode.workspace.isTrusted || store.current()) return undefined;
  try {
    return name === D2L_MODEL ? await loadD2lModel(store, extensionUri) : await store.load(name);
  } catch (e) {
    output().warn(`lstmLens.model.openOnStart: could not load ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
