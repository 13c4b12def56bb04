/** What the extension-host specs share: the workspace, the extension's API, opening a file. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LstmLensApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'lstm-lens.lstm-lens';

/** The first workspace folder's path. */
export function workspace(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Activates LSTM Lens and returns its API. */
export async function api(): Promise<LstmLensApi> {
  const ext = vscode.extensions.getExtension<LstmLensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.activate();
}

/** Writes `name` in the workspace and shows it in an editor. */
export async function openFile(name: string, content: string | Uint8Array): Promise<vscode.TextEditor> {
  const file = path.join(workspace(), name);
  fs.writeFileSync(file, content);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}
