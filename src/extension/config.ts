/** Typed access to the `lstmLens.*` settings, with the defaults the manifest declares. */
import * as vscode from 'vscode';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('lstmLens');
}

/** How long the panel waits for the trainer worker to start before reporting a failure. */
export function workerTimeoutMs(): number {
  return Math.max(1000, section().get<number>('worker.startTimeoutMs', 20000));
}
