/**
 * What the editor features share over one activation: the inference cache and the colouring,
 * made once in activate() and owned by the Ctx (`ctx.editor`), released with the extension.
 */
import * as vscode from 'vscode';
import type { ModelStore } from '../modelStore';
import { output } from '../output';
import { editorStepModel } from './editorStepModel';
import { InferenceCache, ModelHandle } from './inferenceCache';
import { UnitColouring } from './unitColouring';
import { UnknownCharsNotice } from './unknownCharsNotice';

export interface EditorServices {
  readonly cache: InferenceCache;
  readonly colouring: UnitColouring;
}

export function createEditorServices(extension: vscode.ExtensionContext, store: ModelStore): EditorServices {
  const notice = new UnknownCharsNotice();
  const told = new Set<string>();
  const onFallback = (reason: string): void => {
    if (told.has(reason)) return;
    told.add(reason);
    output().warn(`Editor inference: ${reason}`);
  };
  const cache = new InferenceCache(
    () => store.current(),
    (uri, unknown, handle) => notice.report(uri, unknown, handle),
    (model) => editorStepModel(model, onFallback),
  );
  const colouring = new UnitColouring(cache);
  extension.subscriptions.push(
    cache,
    colouring,
    store.onDidChangeModel(() => colouring.refresh()),
    vscode.workspace.onDidCloseTextDocument((d) => cache.forget(d.uri.toString())),
  );
  return { cache, colouring };
}

/** The current model, or undefined after telling the user how to get one. */
export function requireModel(services: EditorServices): ModelHandle | undefined {
  const handle = services.cache.model();
  if (!handle) {
    const train = vscode.l10n.t('Train LSTM');
    const load = vscode.l10n.t('Load Model');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('LSTM Lens: no model is loaded. Train one on your text, or load a saved one.'), train, load)
      .then((choice) => {
        if (choice === train) void vscode.commands.executeCommand('lstmLens.train');
        if (choice === load) void vscode.commands.executeCommand('lstmLens.loadModel');
      });
  }
  return handle;
}

/** The active text editor, or undefined after saying a command needs one. */
export function requireEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: open a text file first.'));
  return editor;
}
