/**
 * Hovering a character shows what the model computed when it read it: a heatmap of I, F, O, C̃,
 * C and H (every layer), the five most probable next characters, the character's surprisal,
 * and a link that opens the gate explorer at that step. Silent without a model; a hover that
 * the document outran (edited meanwhile) is dropped.
 */
import * as vscode from 'vscode';
import type { TraceStep } from '../../core/infer/gateTrace';
import { TRACE_GATES } from '../../core/infer/stepper';
import { tokenAt } from '../../core/text/documentTokens';
import { hoverEnabled, languageEnabled } from './editorConfig';
import { gateHeatmapSvg, svgDataUri } from './gateHeatmap';
import type { DocumentEntry, InferenceCache } from './inferenceCache';
import { EXPLORE_COMMAND, ExploreFrom } from './explore';
import { markdownCode } from './markdownText';
import type { ConnectivityEngine } from './connectivityEngine';
import { connectivityAt } from './documentConnectivity';
import { topLookedBack } from '../../core/analysis/connectivity/topLookedBack';
import { prefetchAroundHover } from './hoverPrefetch';

/** How many characters the hover's "looked back at" line names. */
const LOOKED_BACK = 3;

/** One of the characters a step looked back at most: its token, how far back, its share of the step's connectivity. */
export interface LookedBackAt {
  readonly token: string;
  readonly distance: number;
  readonly share: number;
}

/** A token as the hover shows it: whitespace made visible, inside a code span (`inTableCell`: one of the table's). */
export function shownToken(token: string, inTableCell = false): string {
  const visible = token.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥');
  return markdownCode(visible, inTableCell);
}

/** The hover's Markdown for step `t` of `entry`'s document. */
export function hoverMarkdown(entry: DocumentEntry, t: number, step: TraceStep, lookedBack: readonly LookedBackAt[] = []): vscode.MarkdownString {
  const { handle, inference } = entry;
  const names = TRACE_GATES[handle.model.config.cell];
  const md = new vscode.MarkdownString();
  const args: ExploreFrom = { uri: entry.uri, offset: inference.tokens.starts.at(t) };
  // Only the explorer's command may run from it; no HTML, and no theme icons: `$(…)` in a token is text.
  md.isTrusted = { enabledCommands: [EXPLORE_COMMAND] };
  md.supportHtml = false;
  md.supportThemeIcons = false;
  const p = Math.exp(-step.surprisal);
  md.appendMarkdown(
    `${vscode.l10n.t('**LSTM Lens** · {0} · step {1} · surprisal {2} nats (p = {3})', shownToken(handle.vocab.tokenAt(step.token)), t + 1, step.surprisal.toFixed(2), percent(p))}\n\n`,
  );
  md.appendMarkdown(`![${vscode.l10n.t('Gates at this step')}](${svgDataUri(gateHeatmapSvg(step.layers, names))})\n\n`);
  // The top five side by side, so the hover stays short.
  md.appendMarkdown(`| ${vscode.l10n.t('next')} | ${step.topK.map((c) => shownToken(handle.vocab.tokenAt(c.token), true)).join(' | ')} |\n`);
  md.appendMarkdown(`|:--|${step.topK.map(() => '--:|').join('')}\n| p | ${step.topK.map((c) => percent(c.prob)).join(' | ')} |\n`);
  if (lookedBack.length > 0) {
    const items = lookedBack.map((b) => vscode.l10n.t('{0} {1} back ({2})', shownToken(b.token), b.distance, percent(b.share)));
    md.appendMarkdown(`\n${vscode.l10n.t('Looked back at: {0}', items.join(' · '))}\n`);
  }
  md.appendMarkdown(`\n[${vscode.l10n.t('Explore from here')}](command:${EXPLORE_COMMAND}?${encodeURIComponent(JSON.stringify([args]))} "${vscode.l10n.t('Open the gate explorer at this step')}")`);
  return md;
}

function percent(p: number): string {
  return `${(100 * p).toFixed(p >= 0.1 ? 1 : 2)}%`;
}

export class GateHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: InferenceCache,
    private readonly connectivity: ConnectivityEngine,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, cancel: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!hoverEnabled() || !languageEnabled(document.languageId)) return undefined;
    const entry = this.cache.get(document);
    if (!entry) return undefined;
    const t = tokenAt(entry.inference.tokens, document.offsetAt(position));
    if (t < 0) return undefined;
    const step = await entry.inference.stepAt(t, cancel);
    if (!step || cancel.isCancellationRequested || document.version !== entry.version) return undefined;
    const { starts, ends } = entry.inference.tokens;
    const range = new vscode.Range(document.positionAt(starts.at(t)), document.positionAt(ends.at(t)));
    const lookedBack = await this.lookedBack(entry, t, cancel);
    if (cancel.isCancellationRequested || document.version !== entry.version) return undefined;
    this.prefetchAround(entry, t);
    if (!this.hovered) {
      this.hovered = true; // the walkthrough's hover step completes
      void vscode.commands.executeCommand('setContext', 'lstmLens.walkthrough.hovered', true);
    }
    return new vscode.Hover(hoverMarkdown(entry, t, step, lookedBack), range);
  }

  private hovered = false;
  /** The background read around the last hover. */
  private around: vscode.CancellationTokenSource | undefined;

  /** Reads the lines around step t in the background (prefetchAroundHover), instead of the read around an earlier hover. */
  private prefetchAround(entry: DocumentEntry, t: number): void {
    this.around?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.around = source;
    void prefetchAroundHover(entry.inference, t, source.token).finally(() => {
      if (this.around === source) this.around = undefined;
      source.dispose();
    });
  }

  /**
   * The characters whose input moves the prediction of the next one most (gradient connectivity,
   * ‖∂loss_t/∂x_s‖ over the 200 before), with their share of the total; none at the last token
   * or without the fused engine.
   */
  private async lookedBack(entry: DocumentEntry, t: number, cancel: vscode.CancellationToken): Promise<LookedBackAt[]> {
    const engine = await this.connectivity.forRevision(entry.handle.revision);
    const c = engine && (await connectivityAt(entry, engine, t, cancel));
    if (!c) return [];
    const total = c.byDistance.reduce((s, v) => s + v, 0) || 1;
    const { ids } = entry.inference.tokens;
    return topLookedBack(c, ids, LOOKED_BACK).map((b) => ({ token: entry.handle.vocab.tokenAt(b.token), distance: b.distance, share: b.connectivity / total }));
  }
}
