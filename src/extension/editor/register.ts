/**
 * The editor's providers: gate hovers and ghost text. The editor commands (Generate, Colour
 * Text by Unit, Clear Colouring, Find Interpretable Units) are in the command table.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { editorServices } from './editorServices';
import { GateHoverProvider } from './hoverProvider';
import { GhostTextProvider } from './inlineCompletions';

/** Documents the providers serve: files on disk and unsaved ones (not output, not settings). */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function registerEditorFeatures(ctx: Ctx): void {
  const { cache } = editorServices(ctx);
  ctx.extension.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, new GateHoverProvider(cache)),
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, new GhostTextProvider(cache)),
  );
}
