/**
 * LSTM Lens: activation. Everything here is cheap: commands and the panel serializer are
 * registered, nothing is computed until a command runs (activation is lazy by manifest: a
 * command, the panel, or a workspace that has stored models, whose current one comes back).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PANEL_VIEW_TYPE } from './lstmPanel';
import { PanelService } from './panelService';
import { disposeOutput, output } from './output';
import { ModelStore } from './modelStore';
import type { Ctx } from './ctx';
import type { BackendReport } from '../protocol/backends';
import type { TrainEvent } from '../protocol/training';
import { TrainingController, type RunResult } from './train/trainingController';
import { TrainStatusBar } from './train/trainStatusBar';
import { createEditorServices } from './editor/editorServices';
import { registerEditorFeatures } from './editor/register';
import { UnitsView } from './units/unitsView';
import { openOnStart } from './d2lModel';
import { HAS_MODEL_CONTEXT, setContext } from './contextKeys';
import { PatternsView } from './patterns/patternsView';

/** What the extension exports, for other extensions and for the integration tests. */
export interface LstmLensApi {
  /** The current panel's webview reports, when a panel is open. */
  readonly onBackendReport: vscode.Event<BackendReport>;
  /** CSP violations the open panel's webview reported. */
  cspViolations(): readonly string[];
  /** The model store (stored models and the current one). */
  readonly store: ModelStore;
  /** Training events as the host receives them, and each run's end (after its last checkpoint). */
  readonly onTrainEvent: vscode.Event<TrainEvent>;
  readonly onDidEndRun: vscode.Event<RunResult>;
  /** The status bar item's text, when it shows. */
  statusBarText(): string | undefined;
  /** Tokens of `document` (as it is now) the editor's inference has read from its start without a gap. */
  editorReadTo(document: vscode.TextDocument): number | undefined;
}

export function activate(extension: vscode.ExtensionContext): LstmLensApi {
  const store = new ModelStore(extension.globalStorageUri, extension.workspaceState);
  const statusBar = new TrainStatusBar();
  const panels = new PanelService(extension.extensionUri);
  const training = new TrainingController(store, extension.extensionUri, statusBar, panels);
  const editor = createEditorServices(extension, store);
  // Made now: the panel's Units view asks the host for rankings from its first message.
  const units = new UnitsView({ extension, store, panels, editor });
  extension.subscriptions.push(units);
  const patterns = new PatternsView({ store, panels });
  extension.subscriptions.push(patterns);
  const ctx: Ctx = { extension, store, panels, training, editor, units, patterns };
  registerCommands(ctx);
  registerEditorFeatures(ctx);
  // The model that was current before a window reload (hovers and completions use it again); in
  // an untrusted workspace, once the workspace is trusted.
  const restore = () =>
    void store
      .restore()
      .then((m) => m ?? openOnStart(store, extension.extensionUri))
      .then((m) => m && output().info(`Restored the current model ${m.name}`));
  restore();
  extension.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(restore),
    store,
    statusBar,
    training,
    store.onDidChangeModel((m) => {
      setContext(HAS_MODEL_CONTEXT, m !== undefined);
      if (m && !training.isRunning()) statusBar.model(m.name, m.checkpoint.metrics.at(-1)?.perplexity);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        panels.revive(panel);
      },
    }),
    panels,
    { dispose: disposeOutput },
  );
  return {
    onBackendReport: panels.onBackendReport,
    cspViolations: () => panels.instance?.cspViolations ?? [],
    store,
    onTrainEvent: training.onTrainEvent,
    onDidEndRun: training.onDidEndRun,
    statusBarText: () => statusBar.text,
    editorReadTo: (document) => editor.cache.get(document)?.inference.checkpointed,
  };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
