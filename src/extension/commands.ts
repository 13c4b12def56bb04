/** Every command LSTM Lens contributes, as factories over the extension context. */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { stopTrainingCommand, trainCommand } from './train/trainCommand';
import { resumeTrainingCommand } from './train/resumeCommand';
import { compareCellsCommand } from './train/compareCommand';
import { exportModelCommand, loadModelCommand } from './modelCommands';
import { exportPytorchCommand } from './pytorchExportCommand';
import { generateCommand } from './editor/generateCommand';
import { clearColouringCommand, colourByUnitCommand } from './editor/colourCommands';
import { findUnitsCommand } from './editor/findUnitsCommand';
import { exploreSelectionCommand } from './explore/exploreCommand';
import { showUnitsCommand } from './units/unitsView';
import { openD2lModel } from './d2lModel';

export type CommandId =
  | 'lstmLens.openPanel'
  | 'lstmLens.train'
  | 'lstmLens.stopTraining'
  | 'lstmLens.resumeTraining'
  | 'lstmLens.compareCells'
  | 'lstmLens.exploreSelection'
  | 'lstmLens.generate'
  | 'lstmLens.colourByUnit'
  | 'lstmLens.clearColouring'
  | 'lstmLens.findUnits'
  | 'lstmLens.showUnits'
  | 'lstmLens.loadModel'
  | 'lstmLens.exportModel'
  | 'lstmLens.exportNotebook'
  | 'lstmLens.exportTorchrun'
  | 'lstmLens.openD2lModel';

type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  'lstmLens.openPanel': (ctx) => () => ctx.panels.show(),
  'lstmLens.train': (ctx) => trainCommand(ctx, ctx.training),
  'lstmLens.stopTraining': (ctx) => stopTrainingCommand(ctx.training),
  'lstmLens.resumeTraining': (ctx) => resumeTrainingCommand(ctx),
  'lstmLens.compareCells': compareCellsCommand,
  'lstmLens.exploreSelection': exploreSelectionCommand,
  'lstmLens.generate': generateCommand,
  'lstmLens.colourByUnit': colourByUnitCommand,
  'lstmLens.clearColouring': clearColouringCommand,
  'lstmLens.findUnits': findUnitsCommand,
  'lstmLens.showUnits': showUnitsCommand,
  'lstmLens.loadModel': loadModelCommand,
  'lstmLens.openD2lModel': (ctx) => () => openD2lModel(ctx.store, ctx.extension.extensionUri),
  'lstmLens.exportModel': exportModelCommand,
  'lstmLens.exportNotebook': exportPytorchCommand('notebook'),
  'lstmLens.exportTorchrun': exportPytorchCommand('torchrun'),
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
