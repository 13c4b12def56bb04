/**
 * Every command LSTM Lens contributes, as factories over the extension context. A command
 * whose feature has not landed yet answers with a clear message instead of doing nothing.
 */
import * as vscode from 'vscode';
import { LstmPanel } from './lstmPanel';
import type { Ctx } from './ctx';
import { stopTrainingCommand, trainCommand } from './train/trainCommand';
import { resumeTrainingCommand } from './train/resumeCommand';
import { exportModelCommand, loadModelCommand } from './modelCommands';
import { generateCommand } from './editor/generateCommand';
import { clearColouringCommand, colourByUnitCommand } from './editor/colourCommands';
import { findUnitsCommand } from './editor/findUnitsCommand';

export type CommandId =
  | 'lstmLens.openPanel'
  | 'lstmLens.train'
  | 'lstmLens.stopTraining'
  | 'lstmLens.resumeTraining'
  | 'lstmLens.exploreSelection'
  | 'lstmLens.generate'
  | 'lstmLens.colourByUnit'
  | 'lstmLens.clearColouring'
  | 'lstmLens.findUnits'
  | 'lstmLens.loadModel'
  | 'lstmLens.exportModel';

type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/** A command whose feature is still being built: says so, once per call, without an error. */
function notAvailableYet(feature: string): CommandFactory {
  return () => () => {
    void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: {0} is not available yet in this version.', feature));
    return false;
  };
}

export const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  'lstmLens.openPanel': (ctx) => () => LstmPanel.createOrShow(ctx.extension.extensionUri),
  'lstmLens.train': (ctx) => trainCommand(ctx, ctx.training),
  'lstmLens.stopTraining': (ctx) => stopTrainingCommand(ctx.training),
  'lstmLens.resumeTraining': (ctx) => resumeTrainingCommand(ctx),
  'lstmLens.exploreSelection': notAvailableYet(vscode.l10n.t('Explore Selection')),
  'lstmLens.generate': generateCommand,
  'lstmLens.colourByUnit': colourByUnitCommand,
  'lstmLens.clearColouring': clearColouringCommand,
  'lstmLens.findUnits': findUnitsCommand,
  'lstmLens.loadModel': loadModelCommand,
  'lstmLens.exportModel': exportModelCommand,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
