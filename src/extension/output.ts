/** The "LSTM Lens" output channel, created on first use so activation stays free. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('LSTM Lens', { log: true });
  return channel;
}

export function disposeOutput(): void {
  channel?.dispose();
  channel = undefined;
}
