/** The one context every command and provider is made over (rust-analyzer's `Ctx`). */
import type * as vscode from 'vscode';
import type { ModelStore } from './modelStore';
import type { TrainingController } from './train/trainingController';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly store: ModelStore;
  readonly training: TrainingController;
}
