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
import { ConnectivityEngine } from './connectivityEngine';
import { loadFusedWasm } from '../../core/engine/fused/kernels/nodeLoader';

export interface EditorServices {
  readonly cache: InferenceCache;
  readonly colouring: UnitColouring;
  /** The current model's gradient connectivity (the hover's "looked back at", the explorer's shading). */
  readonly connectivity: ConnectivityEngine;
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
  const connectivity = new ConnectivityEngine(() => store.current(), () => loadFusedWasm(), (reason) => output().warn(`Connectivity is unavailable: ${reason}`));
  extension.subscriptions.push(
    cache,
    colouring,
    connectivity,
    store.onDidChangeModel(() => colouring.refresh()),
    vscode.workspace.onDidCloseTextDocument((d) => cache.forget(d.uri.toString())),
  );
  return { cache, colouring, connectivity };
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
