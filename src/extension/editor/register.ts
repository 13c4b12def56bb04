/**
 * The editor's providers: gate hovers and ghost text, and the background reading they rely on:
 * a shown document is read on (from its last checkpoint) once still, after an edit, when it
 * comes into view, and when another model is loaded, so that the first hover or ghost text
 * finds its state checkpointed. The editor commands (Generate, Colour Text by Unit, Clear
 * Colouring, Find Interpretable Units) are in the command table.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { GateHoverProvider } from './hoverProvider';
import { GhostTextProvider } from './inlineCompletions';
import { BackgroundReader } from './backgroundReader';
import { completionsEnabled, hoverEnabled, languageEnabled } from './editorConfig';

/** Documents the providers serve: files on disk and unsaved ones (not output, not settings). */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function registerEditorFeatures(ctx: Ctx): void {
  const { cache } = ctx.editor;
  const reader = new BackgroundReader();
  const readOn = (document: vscode.TextDocument): void => {
    if (!isServed(document) || !ctx.store.current()) return;
    void reader.schedule(document.uri.toString(), () => (document.isClosed ? undefined : cache.get(document)));
  };
  const readShown = (): void => vscode.window.visibleTextEditors.forEach((e) => readOn(e.document));
  /** The model the shown documents were last read with (a newer checkpoint of it while training is not another model). */
  let readWith: string | undefined;
  ctx.extension.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, new GateHoverProvider(cache, ctx.editor.connectivity)),
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, new GhostTextProvider(cache)),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (vscode.window.visibleTextEditors.some((e) => e.document === document)) readOn(document);
    }),
    vscode.window.onDidChangeVisibleTextEditors(readShown),
    ctx.store.onDidChangeModel((model) => {
      if (model?.name === readWith) return;
      readWith = model?.name;
      readShown();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => reader.cancel(d.uri.toString())),
    { dispose: () => reader.dispose() },
  );
  readWith = ctx.store.current()?.name;
  readShown();
}

/** A document the hover or the ghost text serve. */
function isServed(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  return (scheme === 'file' || scheme === 'untitled') && languageEnabled(document.languageId) && (hoverEnabled() || completionsEnabled());
}
