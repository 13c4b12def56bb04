/**
 * The LSTM Lens webview panel (the PanelService keeps the one there is). It speaks only the
 * protocol's messages over its typed channel, checks what arrives, and posts nothing before the
 * webview's `ready`.
 */
import * as vscode from 'vscode';
import type { BackendReport } from '../protocol/backends';
import { droppedSample, panelChannel, type Channel } from '../protocol/channel';
import type { HostToPanel, PanelToHost } from '../protocol/messages';
import type { TrainEvent } from '../protocol/training';
import { panelHtml } from './panelHtml';
import { panelStrings } from './panelStrings';
import { output } from './output';
import { workerTimeoutMs } from './config';
import { fusedWasmFile } from '../core/engine/fused/kernels/relaxedSimd';

export const PANEL_VIEW_TYPE = 'lstmLens.panel';

/** tf.js's WASM binaries and both single-thread builds of the fused kernels, copied into dist/ by the build (the worker takes fused-relaxed.wasm where it validates relaxed SIMD). */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', fusedWasmFile('fused', false), fusedWasmFile('fused', true)];

/** What the panel asks of training, or reports about it. */
export type TrainingMessage = TrainEvent | Extract<PanelToHost, { type: 'resumeTraining' | 'stopTraining' | 'workerUnavailable' }>;

/** What the gate explorer in the panel asks of the host. */
export type ExplorerMessage = Extract<PanelToHost, { type: 'revealOffset' | 'restoreTrace' | 'connectivityAt' | 'exploreWithModel' }>;
export type UnitsMessage = Extract<PanelToHost, { type: 'rankUnits' | 'colourByUnit' }>;
/** What the Patterns view asks of the host: a search, to stop the read of the states, to open a match. */
export type PatternsMessage = Extract<PanelToHost, { type: 'searchPattern' | 'cancelPatternSearch' | 'openPatternMatch' }>;

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // Training must go on while the panel is hidden behind another tab.
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Where a panel sends what is not its own business; the PanelService fires its events from these. */
export interface PanelRoutes {
  backendReport(report: BackendReport): void;
  training(msg: TrainingMessage): void;
  explorer(msg: ExplorerMessage): void;
  units(msg: UnitsMessage): void;
  patterns(msg: PatternsMessage): void;
  closed(panel: LstmPanel): void;
}

/** One webview panel: its page, the ready handshake, and the typed channel to it. */
export class LstmPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly queue: HostToPanel[] = [];
  private readonly channel: Channel<PanelToHost, HostToPanel>;
  readonly cspViolations: string[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly routes: PanelRoutes,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    this.channel = panelChannel(
      {
        post: (message) => void panel.webview.postMessage(message),
        listen: (deliver) => this.disposables.push(panel.webview.onDidReceiveMessage(deliver)),
      },
      (raw) => output().warn(`Dropped a panel message that does not parse: ${droppedSample(raw)}`),
    );
    this.channel.onMessage((msg) => this.handle(msg));
  }

  /** Posts now if the webview said `ready`, else queues until it does. */
  post(msg: HostToPanel): void {
    if (this.ready) this.channel.post(msg);
    else this.queue.push(msg);
  }

  private handle(msg: PanelToHost): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.channel.post(this.initMessage());
        for (const m of this.queue.splice(0)) this.channel.post(m);
        break;
      case 'backendReport':
        for (const p of msg.report.probes) {
          output().info(`Backend ${p.backend}: ${p.available ? `available (${p.detail}; 256×256 matmul ${p.matmulMs ?? '?'} ms)` : `unavailable (${p.error ?? ''})`}`);
        }
        this.routes.backendReport(msg.report);
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
      case 'connectivityAt':
      case 'exploreWithModel':
        this.routes.explorer(msg);
        break;
      case 'rankUnits':
      case 'colourByUnit':
        this.routes.units(msg);
        break;
      case 'searchPattern':
      case 'cancelPatternSearch':
      case 'openPatternMatch':
        this.routes.patterns(msg);
        break;
      default:
        this.routes.training(msg);
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

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.routes.closed(this);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
