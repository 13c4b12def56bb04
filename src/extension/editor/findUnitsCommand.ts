/**
 * LSTM Lens: Find Interpretable Units. Ranks every unit of the current model by how well it
 * tracks simple features of the active file, shows the best units per feature in a QuickPick,
 * and colours the editor by the one picked.
 */
import * as vscode from 'vscode';
import { bestUnitsByFeature, TextFeature, UnitScore } from '../../core/infer/unitFeatures';
import type { Ctx } from '../ctx';
import { colourEditorBy, unitLabel } from './colourCommands';
import { tokensBefore } from './documentTokens';
import { unitsMaxChars } from './editorConfig';
import { editorServices, requireEditor, requireModel } from './editorServices';
import { rankUnits } from './unitRanking';

/** Units listed per feature. */
const PER_FEATURE = 5;

function featureLabel(f: TextFeature): string {
  switch (f) {
    case 'insideQuotes':
      return vscode.l10n.t('inside double quotes');
    case 'bracketDepth':
      return vscode.l10n.t('bracket depth');
    case 'lineColumn':
      return vscode.l10n.t('position in the line');
    case 'wordStart':
      return vscode.l10n.t('start of a word');
    case 'whitespace':
      return vscode.l10n.t('whitespace');
    case 'digit':
      return vscode.l10n.t('digits');
  }
}

type UnitItem = vscode.QuickPickItem & { score?: UnitScore };

/** lstmLens.findUnits: resolves with the unit picked (and coloured by), or undefined. */
export function findUnitsCommand(ctx: Ctx) {
  return async (): Promise<UnitScore | undefined> => {
    const services = editorServices(ctx);
    const editor = requireEditor();
    const entry = editor && requireModel(services) && services.cache.get(editor.document);
    if (!editor || !entry) return undefined;
    const maxTokens = tokensBefore(entry.inference.tokens, unitsMaxChars());
    const scores = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('LSTM Lens: ranking units on this file…'), cancellable: true },
      (progress, cancel) => {
        let reported = 0;
        return rankUnits(entry, maxTokens, cancel, (done, total) => {
          progress.report({ increment: (100 * (done - reported)) / total });
          reported = done;
        });
      },
    );
    if (!scores || editor.document.version !== entry.version) return undefined;
    const best = bestUnitsByFeature(scores, PER_FEATURE);
    if (best.size === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: none of the features varies in this file, so no unit can track one.'));
      return undefined;
    }
    const items: UnitItem[] = [...best].flatMap(([feature, top]) => [
      { label: featureLabel(feature), kind: vscode.QuickPickItemKind.Separator },
      ...top.map((score) => ({ label: unitLabel(score), description: `r = ${score.r >= 0 ? '+' : '−'}${Math.abs(score.r).toFixed(2)}`, score })),
    ]);
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Interpretable units in {0} ({1} characters read)', vscode.workspace.asRelativePath(editor.document.uri), Math.min(unitsMaxChars(), editor.document.getText().length)),
      placeHolder: vscode.l10n.t('Pick a unit to colour the text by'),
      matchOnDescription: true,
    });
    if (!pick?.score) return undefined;
    await colourEditorBy(ctx, editor, pick.score);
    return pick.score;
  };
}
