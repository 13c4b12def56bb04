/**
 * The host's side of the panel's Patterns view: a search reads the hidden states of the current
 * model's training corpus (kept beside its checkpoint) and of the open text documents, once per
 * model revision and set of documents (KeptStates), with a cancellable progress notification
 * and a status line in the view, capped at lstmLens.patterns.maxChars; then LSTMVis's match
 * search (searchPattern) and the top matches to the panel, which can open each in the editor.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { loadFusedWasm } from '../../core/engine/fused/kernels/nodeLoader';
import type { CorpusRead, ReadProgress } from '../../core/analysis/patterns/readCorpusStates';
import { searchPattern } from '../../core/analysis/patterns/searchPattern';
import { errorText } from '../../core/util/errorText';
import type { PatternMatchView, PatternQuery, PatternResult } from '../../protocol/patterns';
import type { PatternsService } from '../ctx';
import type { LoadedModel, ModelStore } from '../modelStore';
import { output } from '../output';
import type { PanelService } from '../panelService';
import { numberSetting } from '../settings';
import { CORPUS_FILE } from '../train/trainingController';
import { chooseDocuments, type CandidateText, type ChosenDocuments } from './patternDocuments';
import { KeptStates } from './keptStates';
import { matchSnippet } from './matchSnippet';

/** What the view works with: the Ctx less the view itself (which the Ctx holds as `patterns`). */
export interface PatternsViewContext {
  readonly store: ModelStore;
  readonly panels: PanelService;
}

/** The documents of the last search: what a match may open, and how each is named and reads. */
interface Searched {
  readonly labels: ReadonlyMap<string, string>;
  readonly texts: ReadonlyMap<string, string>;
}

export class PatternsView implements PatternsService, vscode.Disposable {
  private readonly states = new KeptStates(loadFusedWasm);
  private readonly disposables: vscode.Disposable[];
  private searched: Searched = { labels: new Map(), texts: new Map() };
  /** Counts the searches: only the newest may show its matches. */
  private searches = 0;

  constructor(private readonly ctx: PatternsViewContext) {
    this.disposables = [
      ctx.panels.onPatternsMessage((m) => {
        if (m.type === 'searchPattern') void this.search(m);
        else if (m.type === 'cancelPatternSearch') this.states.cancel();
        else void this.open(m.uri, m.from, m.to);
      }),
    ];
  }

  async search(query: PatternQuery): Promise<PatternResult | undefined> {
    const search = ++this.searches;
    const status = (message: string, busy = false) => this.ctx.panels.postIfOpen({ type: 'patternsStatus', message, busy });
    const model = this.ctx.store.current();
    if (!model) {
      status(vscode.l10n.t('No model is loaded: train one (LSTM Lens: Train LSTM) or load one (LSTM Lens: Load Model).'));
      return undefined;
    }
    if (model.name !== query.modelName) {
      status(vscode.l10n.t('The span was selected in a trace of {0}, but the current model is {1}: explore the text again with {1}.', query.modelName, model.name));
      return undefined;
    }
    const chosen = chooseDocuments(await this.corpusText(model), vscode.workspace.textDocuments.map(openText));
    if (chosen.documents.length === 0) {
      status(vscode.l10n.t('Nothing to search: {0} kept no training corpus and no text document is open.', model.name));
      return undefined;
    }
    const read = await this.read(model, chosen, query.reread, status);
    if (!read || search !== this.searches) return undefined;
    this.searched = searchedOf(model, chosen);
    let result: PatternResult;
    try {
      const matches = searchPattern(read.states, query.units, query.threshold, query.spanLength);
      result = {
        modelName: model.name,
        units: [...query.units],
        threshold: query.threshold,
        documents: read.states.documents.length,
        chars: read.states.steps,
        partial: read.cancelled,
        note: readNote(read, chosen),
        matches: matches.map((m): PatternMatchView => ({
          uri: m.name,
          label: this.searched.labels.get(m.name) ?? m.name,
          from: m.from,
          to: m.to,
          start: m.start,
          end: m.end,
          ...matchSnippet(this.searched.texts.get(m.name) ?? '', m.from, m.to),
          score: m.score,
          shared: m.shared,
          extra: m.extra,
          heatmap: m.heatmap,
        })),
      };
    } catch (e) {
      status(vscode.l10n.t('The search could not run: {0}', errorText(e)));
      return undefined;
    }
    this.ctx.panels.postIfOpen({ type: 'showPatternMatches', result });
    return result;
  }

  /** The states of `chosen`, kept or read with a progress notification the user can cancel; undefined (after saying why) when the read failed. */
  private async read(model: LoadedModel, chosen: ChosenDocuments, reread: boolean, status: (message: string, busy?: boolean) => void): Promise<CorpusRead | undefined> {
    const count = chosen.documents.length;
    const title = vscode.l10n.t('LSTM Lens: reading the hidden states of {0} documents for the pattern search…', count);
    let report: (p: ReadProgress) => void = () => undefined;
    const { read, fresh } = this.states.states(model, {
      key: chosen.key,
      documents: chosen.documents,
      maxChars: numberSetting('patterns.maxChars'),
      reread,
      onProgress: (p) => report(p),
    });
    try {
      if (!fresh) return await read;
      status(title, true);
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, cancel) => {
        cancel.onCancellationRequested(() => this.states.cancel());
        let shown = 0;
        report = ({ fraction }) => {
          const percent = Math.floor(fraction * 100);
          if (percent === shown) return;
          progress.report({ increment: percent - shown });
          shown = percent;
          status(vscode.l10n.t('Reading the hidden states of {0} documents: {1}%', count, percent), true);
        };
        return read;
      });
    } catch (e) {
      output().error(`Pattern search: ${errorText(e)}`);
      status(vscode.l10n.t('The hidden states could not be read: {0}', errorText(e)));
      return undefined;
    }
  }

  /** The model's training corpus, when it was kept beside its checkpoint. */
  private async corpusText(model: LoadedModel): Promise<CandidateText | undefined> {
    if (!model.dir) return undefined;
    const file = path.join(model.dir, CORPUS_FILE);
    try {
      const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
      return { uri: vscode.Uri.file(file).toString(), scheme: 'file', version: `${stat.mtimeMs}:${stat.size}`, text };
    } catch {
      return undefined;
    }
  }

  /** Opens a match of the last search in the editor, its text selected and in the centre. */
  private async open(uri: string, from: number, to: number): Promise<void> {
    if (!this.searched.labels.has(uri)) {
      output().warn(`Pattern search: ignored a request to open ${uri}, which the last search did not read`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const selection = new vscode.Selection(doc.positionAt(from), doc.positionAt(to));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    this.states.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function openText(d: vscode.TextDocument): CandidateText {
  return { uri: d.uri.toString(), scheme: d.uri.scheme, version: String(d.version), text: d.getText() };
}

/** The labels and texts of the documents `chosen` holds: the corpus (first, when kept) by the model's name, the others by path. */
function searchedOf(model: LoadedModel, chosen: ChosenDocuments): Searched {
  const corpus = model.dir ? vscode.Uri.file(path.join(model.dir, CORPUS_FILE)).toString() : undefined;
  const label = (uri: string) => (uri === corpus ? vscode.l10n.t('the training corpus of {0}', model.name) : vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
  return {
    labels: new Map(chosen.documents.map((d) => [d.name, label(d.name)])),
    texts: new Map(chosen.documents.map((d) => [d.name, d.text])),
  };
}

/** What the user should know about a read: capped at the setting, cancelled, documents skipped; '' when it read everything. */
function readNote(read: CorpusRead, chosen: ChosenDocuments): string {
  const notes: string[] = [];
  if (read.cancelled) notes.push(vscode.l10n.t('The read was cancelled after {0} characters: these matches are from what was read.', read.states.steps));
  if (read.capped) {
    notes.push(vscode.l10n.t('The corpus is larger than the cap: the first {0} characters were read (setting lstmLens.patterns.maxChars); documents left out: {1}.', read.limit, read.documentsLeftOut));
  }
  if (chosen.skipped > 0) notes.push(vscode.l10n.t('{0} open documents were skipped: empty, or binary-looking.', chosen.skipped));
  return notes.join(' ');
}
