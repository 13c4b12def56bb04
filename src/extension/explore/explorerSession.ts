/**
 * The explorer's link to the editor while a trace is shown: the panel's double-click reveals a
 * step's text, and moving the cursor inside the explored span moves the explorer's step (as
 * long as the document is the version that was traced). After a window reload the panel asks
 * for its span again, and it is traced anew.
 */
import * as vscode from 'vscode';
import type { ExplorerTrace } from '../../protocol/explorer';
import type { PanelService } from '../panelService';
import type { ModelStore } from '../modelStore';
import { errorText } from '../../core/util/errorText';
import type { ConnectivityEngine } from '../editor/connectivityEngine';
import { TraceConnectivity, type TraceSource } from './traceConnectivity';
import { NOT_CANCELLED } from '../../core/infer/document/timeSlice';
import { stepAtOffset } from './exploreSpan';
import { EXPLORE_COMMAND, type ExploreFrom } from '../editor/explore';
import { output } from '../output';
import { readingThresholds } from '../config';

interface Shown {
  readonly trace: ExplorerTrace;
  readonly version: number;
}

export class ExplorerSession implements vscode.Disposable {
  private shown: Shown | undefined;
  /** The shown trace's connectivity, once its slice is read. */
  private connectivity: Promise<TraceConnectivity | undefined> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly panels: PanelService,
    private readonly engines: ConnectivityEngine,
    private readonly store: ModelStore,
  ) {
    this.disposables = [
      panels.onExplorerMessage((msg) => {
        if (msg.type === 'revealOffset') void this.reveal(msg.uri, msg.start, msg.end);
        else if (msg.type === 'restoreTrace') void this.restore(msg.uri, msg.start, msg.end, msg.step);
        else if (msg.type === 'exploreWithModel') void this.switchModel(msg.modelName, msg.uri, msg.start, msg.end, msg.step);
        else void this.sendConnectivity(msg.traceId, msg.step);
      }),
      panels.onDidClose(() => {
        this.shown = undefined;
        this.connectivity = undefined;
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lstmLens.explorer.readings')) this.panels.postIfOpen({ type: 'setReadings', readings: readingThresholds() });
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor.document, e.selections[0].start)),
    ];
  }

  /**
   * Sends `trace` to the panel (opening it), at `step`; the panel takes the focus unless
   * `preserveFocus`. Then reads its connectivity and sends the span's memory-length curve.
   */
  show(trace: ExplorerTrace, step: number, source: TraceSource, preserveFocus = false): void {
    this.shown = { trace, version: source.entry.version };
    const connectivity = TraceConnectivity.open(trace.id, source, this.engines, NOT_CANCELLED).catch((e: unknown) => {
      output().warn(`Gate explorer: no connectivity for ${trace.uri}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    this.connectivity = connectivity;
    void connectivity.then((c) => c && this.connectivity === connectivity && this.panels.postIfOpen(c.curveMessage()));
    void this.store.list().then((names) => this.shown?.trace === trace && this.panels.postIfOpen({ type: 'explorerModels', traceId: trace.id, names, current: trace.modelName }));
    this.panels.show({ preserveFocus }).post({ type: 'showTrace', trace, step, readings: readingThresholds() });
  }

  /** Traces again what the explorer showed before a window reload (silently when that cannot be). */
  private async restore(uri: string, start: number, end: number, step: number): Promise<void> {
    const arg: ExploreFrom = { uri, offset: start, end, step, restore: true };
    try {
      await vscode.commands.executeCommand(EXPLORE_COMMAND, arg);
    } catch (e) {
      output().warn(`Gate explorer: could not restore the trace of ${uri}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private follow(doc: vscode.TextDocument, at: vscode.Position): void {
    const s = this.shown;
    const panel = this.panels.instance;
    if (!s || !panel || doc.uri.toString() !== s.trace.uri || doc.version !== s.version) return;
    const offset = doc.offsetAt(at);
    const { starts, ends } = s.trace;
    if (starts.length === 0 || offset < starts[0] || offset > ends[ends.length - 1]) return;
    // Posted even when unchanged here: the panel may have moved since (it ignores the same step).
    const step = Math.max(0, stepAtOffset(starts, offset));
    panel.post({ type: 'setStep', traceId: s.trace.id, step });
  }

  /** Shows the same span with another stored model, which becomes the current one (hovers and completions follow it). */
  private async switchModel(name: string, uri: string, start: number, end: number, step: number): Promise<void> {
    try {
      await this.store.load(name);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: could not load the model {0}: {1}', name, errorText(e)));
      return;
    }
    await this.restore(uri, start, end, step);
  }

  /** The panel asks for a step's connectivity; only the shown trace's are answered. */
  private async sendConnectivity(traceId: string, step: number): Promise<void> {
    const c = await this.connectivity;
    if (!c || c.traceId !== traceId || this.shown?.trace.id !== traceId) return;
    this.panels.postIfOpen(c.stepMessage(step));
  }

  private async reveal(uri: string, start: number, end: number): Promise<void> {
    const target = vscode.Uri.parse(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const doc = visible?.document ?? (await vscode.workspace.openTextDocument(target));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
