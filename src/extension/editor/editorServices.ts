/**
 * What the editor features share over one activation: the inference cache and the colouring.
 * Command factories receive only the Ctx, so the services hang off its model store, made on
 * first use and released with the extension.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
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

const byStore = new WeakMap<ModelStore, EditorServices>();

export function editorServices(ctx: Ctx): EditorServices {
  let services = byStore.get(ctx.store);
  if (!services) {
    const notice = new UnknownCharsNotice();
    const told = new Set<string>();
    const onFallback = (reason: string): void => {
      if (told.has(reason)) return;
      told.add(reason);
      output().warn(`Editor inference: ${reason}`);
    };
    const cache = new InferenceCache(
      () => ctx.store.current(),
      (uri, unknown, handle) => notice.report(uri, unknown, handle),
      (model) => editorStepModel(model, onFallback),
    );
    const colouring = new UnitColouring(cache);
    services = { cache, colouring };
    byStore.set(ctx.store, services);
    ctx.extension.subscriptions.push(
      cache,
      colouring,
      ctx.store.onDidChangeModel(() => colouring.refresh()),
      vscode.workspace.onDidCloseTextDocument((d) => cache.forget(d.uri.toString())),
    );
  }
  return services;
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
