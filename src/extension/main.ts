/**
 * LSTM Lens: activation. Everything here is cheap: commands and the panel serializer are
 * registered, nothing is computed until a command runs (activation is lazy by manifest).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { LstmPanel, PANEL_VIEW_TYPE } from './lstmPanel';
import { disposeOutput } from './output';
import { ModelStore } from './modelStore';
import type { Ctx } from './ctx';
import type { BackendReport } from '../protocol';

/** What the extension exports, for other extensions and for the integration tests. */
export interface LstmLensApi {
  /** The current panel's webview reports, when a panel is open. */
  readonly onBackendReport: vscode.Event<BackendReport>;
  /** CSP violations the open panel's webview reported. */
  cspViolations(): readonly string[];
}

export function activate(extension: vscode.ExtensionContext): LstmLensApi {
  const store = new ModelStore(extension.globalStorageUri);
  const ctx: Ctx = { extension, store };
  registerCommands(ctx);
  extension.subscriptions.push(
    store,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        LstmPanel.revive(panel, extension.extensionUri);
      },
    }),
    { dispose: () => LstmPanel.instance?.dispose() },
    { dispose: disposeOutput },
  );
  return {
    onBackendReport: LstmPanel.onBackendReport,
    cspViolations: () => LstmPanel.instance?.cspViolations ?? [],
  };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
