/**
 * The editor's providers: gate hovers and ghost text, and the background reading on of edited
 * documents they rely on. The editor commands (Generate, Colour Text by Unit, Clear
 * Colouring, Find Interpretable Units) are in the command table.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { editorServices } from './editorServices';
import { GateHoverProvider } from './hoverProvider';
import { GhostTextProvider } from './inlineCompletions';
import { BackgroundReader } from './backgroundReader';
import { completionsEnabled, hoverEnabled, languageEnabled } from './editorConfig';

/** Documents the providers serve: files on disk and unsaved ones (not output, not settings). */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function registerEditorFeatures(ctx: Ctx): void {
  const { cache } = editorServices(ctx);
  const reader = new BackgroundReader();
  ctx.extension.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, new GateHoverProvider(cache)),
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, new GhostTextProvider(cache)),
    // An edited document that is shown is read on from the edit once it is still.
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (!isServed(document) || !vscode.window.visibleTextEditors.some((e) => e.document === document) || !ctx.store.current()) return;
      void reader.schedule(document.uri.toString(), () => (document.isClosed ? undefined : cache.get(document)));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => reader.cancel(d.uri.toString())),
    { dispose: () => reader.dispose() },
  );
}

/** A document the hover or the ghost text serve. */
function isServed(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  return (scheme === 'file' || scheme === 'untitled') && languageEnabled(document.languageId) && (hoverEnabled() || completionsEnabled());
}
