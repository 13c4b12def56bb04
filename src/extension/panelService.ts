/**
 * The one LSTM Lens panel of the window, owned by the Ctx: created or revealed on demand,
 * revived after a window reload by the serializer, and the events of what its webview says,
 * for the services that listen (training, the explorer, the Units view, tests).
 */
import * as vscode from 'vscode';
import type { BackendReport } from '../protocol/backends';
import type { HostToPanel } from '../protocol/messages';
import { LstmPanel, PANEL_VIEW_TYPE, panelOptions, type ExplorerMessage, type PanelRoutes, type PatternsMessage, type TrainingMessage, type UnitsMessage } from './lstmPanel';

export interface ShowOptions {
  /**
   * Leave the keyboard where it is: what nobody asked for just now (a restore after a window
   * reload) must not pull it away from the editor.
   */
  readonly preserveFocus?: boolean;
}

export class PanelService implements vscode.Disposable {
  private current: LstmPanel | undefined;
  private readonly reports = new vscode.EventEmitter<BackendReport>();
  private readonly training = new vscode.EventEmitter<TrainingMessage>();
  private readonly explorer = new vscode.EventEmitter<ExplorerMessage>();
  private readonly units = new vscode.EventEmitter<UnitsMessage>();
  private readonly patterns = new vscode.EventEmitter<PatternsMessage>();
  private readonly closed = new vscode.EventEmitter<void>();
  /** Every backend report a panel receives (the status bar and tests listen). */
  readonly onBackendReport = this.reports.event;
  /** Training events relayed from the worker, and the panel's Stop / Resume requests. */
  readonly onTrainingMessage = this.training.event;
  /** The gate explorer's requests (reveal a step's text in the editor, trace again after a reload). */
  readonly onExplorerMessage = this.explorer.event;
  /** The Units view's requests: a ranking, or colouring the editor by a unit. */
  readonly onUnitsMessage = this.units.event;
  /** The Patterns view's requests: a search, stopping its read, opening a match in the editor. */
  readonly onPatternsMessage = this.patterns.event;
  /** The panel closed (its worker, and any run in it, are gone). */
  readonly onDidClose = this.closed.event;

  private readonly routes: PanelRoutes = {
    backendReport: (r) => this.reports.fire(r),
    training: (m) => this.training.fire(m),
    explorer: (m) => this.explorer.fire(m),
    units: (m) => this.units.fire(m),
    patterns: (m) => this.patterns.fire(m),
    closed: (panel) => {
      if (this.current === panel) this.current = undefined;
      this.closed.fire();
    },
  };

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Shows the panel, creating it beside the editor when there is none; it takes the focus unless `preserveFocus`. */
  show({ preserveFocus = false }: ShowOptions = {}): LstmPanel {
    if (this.current) {
      this.current.panel.reveal(undefined, preserveFocus);
      return this.current;
    }
    const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('LSTM Lens'), { viewColumn, preserveFocus }, panelOptions(this.extensionUri));
    this.current = new LstmPanel(panel, this.extensionUri, this.routes);
    return this.current;
  }

  /** Takes over the panel VS Code brings back after a window reload. */
  revive(panel: vscode.WebviewPanel): LstmPanel {
    panel.webview.options = panelOptions(this.extensionUri);
    this.current?.dispose();
    this.current = new LstmPanel(panel, this.extensionUri, this.routes);
    return this.current;
  }

  /** The open panel, if any. */
  get instance(): LstmPanel | undefined {
    return this.current;
  }

  /** Posts to the open panel; nothing when none is open. */
  postIfOpen(msg: HostToPanel): void {
    this.current?.post(msg);
  }

  dispose(): void {
    this.current?.dispose();
    for (const e of [this.reports, this.training, this.explorer, this.units, this.closed]) e.dispose();
    this.patterns.dispose();
  }
}
