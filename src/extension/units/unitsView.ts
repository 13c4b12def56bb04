/**
 * The host's side of the panel's Units view: ranks the current model's units on the last
 * active text file or on the model's training corpus (kept beside its checkpoint), sends the
 * ranking to the panel, and colours that text file by the unit the panel's reader clicks.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UnitRef } from '../../core/infer/unitFeatures';
import type { UnitsRanking, UnitsSource } from '../../protocol/units';
import type { ModelStore } from '../modelStore';
import type { UnitsService } from '../ctx';
import type { PanelService } from '../panelService';
import { colourEditorBy, unitLabel } from '../editor/colourCommands';
import { requireModel, type EditorServices } from '../editor/editorServices';
import { unitExists } from '../editor/unitColouring';
import { CORPUS_FILE } from '../train/trainingController';
import { featureLabel } from './featureLabel';
import { rankDocumentUnits } from './rankDocumentUnits';

/** What the view works with: the Ctx less the view itself (which the Ctx holds as `units`). */
export interface UnitsViewContext {
  readonly extension: vscode.ExtensionContext;
  readonly store: ModelStore;
  readonly panels: PanelService;
  readonly editor: EditorServices;
}

export class UnitsView implements UnitsService, vscode.Disposable {
  /** The text file the view ranks and colours: the panel takes the focus, so the last one that had it. */
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: UnitsViewContext) {
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.editor = e;
      }),
      ctx.panels.onUnitsMessage((m) => {
        if (m.type === 'rankUnits') void this.rank(m.source);
        else void this.colour({ layer: m.layer, kind: m.kind, unit: m.unit });
      }),
    ];
  }

  /** Opens the panel's Units view and ranks on `source`; resolves with what it shows. */
  async rank(source: UnitsSource): Promise<UnitsRanking | undefined> {
    const panel = this.ctx.panels.show();
    const status = (message: string, busy = false) => panel.post({ type: 'unitsStatus', message, busy });
    const services = this.ctx.editor;
    const handle = requireModel(services);
    if (!handle) {
      status(vscode.l10n.t('No model is loaded: train one (LSTM Lens: Train LSTM) or load one (LSTM Lens: Load Model).'));
      return undefined;
    }
    const document = source === 'activeFile' ? this.editor?.document : await this.corpusDocument(handle.name);
    if (!document) {
      status(source === 'activeFile' ? vscode.l10n.t('Open a text file first.') : vscode.l10n.t('The training corpus of {0} is not kept beside it (a model loaded from a file has none).', handle.name));
      return undefined;
    }
    const sourceLabel = source === 'activeFile' ? vscode.workspace.asRelativePath(document.uri) : vscode.l10n.t('the training corpus of {0}', handle.name);
    status(vscode.l10n.t('Ranking units on {0}…', sourceLabel), true);
    const ranked = await rankDocumentUnits(services, document, vscode.l10n.t('LSTM Lens: ranking units on {0}…', sourceLabel));
    if (!ranked) {
      status(vscode.l10n.t('Ranking stopped: it was cancelled, or the text changed meanwhile. Rank again.'));
      return undefined;
    }
    if (ranked.best.size === 0) {
      status(vscode.l10n.t('None of the features varies in {0}, so no unit can track one.', sourceLabel));
      return undefined;
    }
    const ranking: UnitsRanking = {
      modelName: ranked.modelName,
      sourceLabel,
      chars: ranked.chars,
      features: [...ranked.best].map(([feature, units]) => ({ feature, label: featureLabel(feature), units })),
    };
    panel.post({ type: 'showUnits', ranking });
    return ranking;
  }

  /** The model's training corpus as a (hidden) text document, if it was kept. */
  private async corpusDocument(modelName: string): Promise<vscode.TextDocument | undefined> {
    const file = path.join(this.ctx.store.dirOf(modelName), CORPUS_FILE);
    return fs.existsSync(file) ? vscode.workspace.openTextDocument(vscode.Uri.file(file)) : undefined;
  }

  /** Colours the text file by `ref`, showing it beside the panel if it was hidden. */
  async colour(ref: UnitRef): Promise<number | undefined> {
    const handle = requireModel(this.ctx.editor);
    if (!handle) return undefined;
    if (!unitExists(ref, handle.model.config)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: the model {0} has no {1}.', handle.name, unitLabel(ref)));
      return undefined;
    }
    const doc = this.editor?.document;
    if (!doc || doc.isClosed) {
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: open a text file first.'));
      return undefined;
    }
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = visible ?? (await vscode.window.showTextDocument(doc, { viewColumn: this.editor?.viewColumn, preserveFocus: true }));
    return colourEditorBy(this.ctx, editor, ref);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** lstmLens.showUnits: the Units view, ranked on the active file. */
export function showUnitsCommand(ctx: { readonly units: UnitsService }) {
  return (): Promise<UnitsRanking | undefined> => ctx.units.rank('activeFile');
}
