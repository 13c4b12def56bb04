/**
 * The context keys LSTM Lens sets, for `when` clauses in package.json: the palette hides the
 * commands that would do nothing (Stop Training with no run, Generate with no model).
 */
import * as vscode from 'vscode';

/** A run is training (in the panel's worker or the host's thread). */
export const TRAINING_CONTEXT = 'lstmLens.training';
/** A model is current (hovers, ghost text, the explorer, colouring and export work). */
export const HAS_MODEL_CONTEXT = 'lstmLens.hasModel';

export function setContext(key: typeof TRAINING_CONTEXT | typeof HAS_MODEL_CONTEXT, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
