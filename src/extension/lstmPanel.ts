/**
 * The LSTM Lens webview panel: one instance, created or revealed on demand, revived after a
 * window reload by the serializer. It speaks only the protocol's messages, checks what
 * arrives, and posts nothing before the webview's `ready`.
 */
import * as vscode from 'vscode';
import type { BackendReport } from '../protocol/backends';
import { parsePanelToHost, type HostToPanel, type PanelToHost } from '../protocol/messages';
import type { TrainEvent } from '../protocol/training';
import { panelHtml } from './panelHtml';
import { panelStrings } from './panelStrings';
import { output } from './output';
import { workerTimeoutMs } from './config';

export const PANEL_VIEW_TYPE = 'lstmLens.panel';

/** tf.js's WASM binaries, copied into dist/ by the build. */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'fused.wasm'];

/** What the panel asks of training, or reports about it. */
export type TrainingMessage = TrainEvent | Extract<PanelToHost, { type: 'resumeTraining' | 'stopTraining' | 'workerUnavailable' }>;

/** What the gate explorer in the panel asks of the host. */
export type ExplorerMessage = Extract<PanelToHost, { type: 'revealOffset' | 'restoreTrace' }>;
export type UnitsMessage = Extract<PanelToHost, { type: 'rankUnits' | 'colourByUnit' }>;

export class LstmPanel implements vscode.Disposable {
  private static current: LstmPanel | undefined;
  private static readonly reportEmitter = new vscode.EventEmitter<BackendReport>();
  /** Fires with every backend report a panel receives (the status bar and tests listen). */
  static readonly onBackendReport = LstmPanel.reportEmitter.event;
  private static readonly trainingEmitter = new vscode.EventEmitter<TrainingMessage>();
  /** Training events relayed from the worker, and the panel's Stop / Resume requests. */
  static readonly onTrainingMessage = LstmPanel.trainingEmitter.event;
  private static readonly explorerEmitter = new vscode.EventEmitter<ExplorerMessage>();
  /** The gate explorer's requests (reveal a step's text in the editor). */
  static readonly onExplorerMessage = LstmPanel.explorerEmitter.event;
  private static readonly unitsEmitter = new vscode.EventEmitter<UnitsMessage>();
  /** The Units view's requests: a ranking, or colouring the editor by a unit. */
  static readonly onUnitsMessage = LstmPanel.unitsEmitter.event;
  private static readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the panel closes (its worker, and any run in it, are gone). */
  static readonly onDidClose = LstmPanel.disposeEmitter.event;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly queue: HostToPanel[] = [];
  readonly cspViolations: string[] = [];

  /**
   * Shows the panel, creating it beside the editor when there is none. It takes the focus unless
   * `preserveFocus` (what nobody asked for just now, like a restore after a window reload, must
   * not pull the keyboard away from the editor).
   */
  static createOrShow(extensionUri: vscode.Uri, { preserveFocus = false }: { preserveFocus?: boolean } = {}): LstmPanel {
    if (LstmPanel.current) {
      LstmPanel.current.panel.reveal(undefined, preserveFocus);
      return LstmPanel.current;
    }
    const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('LSTM Lens'), { viewColumn, preserveFocus }, LstmPanel.options(extensionUri));
    LstmPanel.current = new LstmPanel(panel, extensionUri);
    return LstmPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): LstmPanel {
    panel.webview.options = LstmPanel.options(extensionUri);
    LstmPanel.current?.dispose();
    LstmPanel.current = new LstmPanel(panel, extensionUri);
    return LstmPanel.current;
  }

  static get instance(): LstmPanel | undefined {
    return LstmPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Training must go on while the panel is hidden behind another tab.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
  }

  /** Posts now if the webview said `ready`, else queues until it does. */
  post(msg: HostToPanel): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.queue.push(msg);
  }

  private receive(raw: unknown): void {
    const msg = parsePanelToHost(raw);
    if (!msg) {
      output().warn(`Dropped a panel message that does not parse: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    this.handle(msg);
  }

  private handle(msg: PanelToHost): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        void this.panel.webview.postMessage(this.initMessage());
        for (const m of this.queue.splice(0)) void this.panel.webview.postMessage(m);
        break;
      case 'backendReport':
        for (const p of msg.report.probes) {
          output().info(`Backend ${p.backend}: ${p.available ? `available (${p.detail}; 256×256 matmul ${p.matmulMs ?? '?'} ms)` : `unavailable (${p.error ?? ''})`}`);
        }
        LstmPanel.reportEmitter.fire(msg.report);
        break;
      case 'error':
        output().error(`Panel: ${msg.message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: {0}', msg.message));
        break;
      case 'cspViolation':
        this.cspViolations.push(`${msg.directive} ${msg.blockedUri}`);
        output().error(`Content Security Policy blocked ${msg.blockedUri} (${msg.directive})`);
        break;
      case 'revealOffset':
      case 'restoreTrace':
        LstmPanel.explorerEmitter.fire(msg);
        break;
      case 'rankUnits':
      case 'colourByUnit':
        LstmPanel.unitsEmitter.fire(msg);
        break;
      default:
        LstmPanel.trainingEmitter.fire(msg);
    }
  }

  private initMessage(): HostToPanel {
    const uri = (...p: string[]) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    return {
      type: 'init',
      strings: panelStrings(),
      resources: {
        workerScript: uri('dist', 'worker.js'),
        wasmFiles: Object.fromEntries(WASM_FILES.map((f) => [f, uri('dist', f)])),
      },
      workerTimeoutMs: workerTimeoutMs(),
    };
  }

  dispose(): void {
    if (LstmPanel.current === this) LstmPanel.current = undefined;
    LstmPanel.disposeEmitter.fire();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
