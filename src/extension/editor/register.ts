/**
 * The editor features: gate hovers, ghost text, and the commands that are not in the main
 * command table (Clear Colouring, Find Interpretable Units). Generate and Colour Text by Unit
 * are in that table, made by `generateCommand` and `colourByUnitCommand`.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { clearColouringCommand } from './colourCommands';
import { editorServices } from './editorServices';
import { findUnitsCommand } from './findUnitsCommand';
import { GateHoverProvider } from './hoverProvider';
import { GhostTextProvider } from './inlineCompletions';

/** Documents the providers serve: files on disk and unsaved ones (not output, not settings). */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function registerEditorFeatures(ctx: Ctx): void {
  const { cache } = editorServices(ctx);
  ctx.extension.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, new GateHoverProvider(cache)),
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, new GhostTextProvider(cache)),
    vscode.commands.registerCommand('lstmLens.clearColouring', clearColouringCommand(ctx)),
    vscode.commands.registerCommand('lstmLens.findUnits', findUnitsCommand(ctx)),
  );
}
