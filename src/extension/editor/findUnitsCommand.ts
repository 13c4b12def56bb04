/**
 * LSTM Lens: Find Interpretable Units. Ranks every unit of the current model by how well it
 * tracks simple features of the active file, shows the best units per feature in a QuickPick,
 * and colours the editor by the one picked.
 */
import * as vscode from 'vscode';
import type { UnitScore } from '../../core/infer/unitFeatures';
import { featureLabel } from '../units/featureLabel';
import { rankDocumentUnits } from '../units/rankDocumentUnits';
import type { Ctx } from '../ctx';
import { colourEditorBy, unitLabel } from './colourCommands';
import { requireEditor, requireModel } from './editorServices';
import { labelText } from './markdownText';

type UnitItem = vscode.QuickPickItem & { score?: UnitScore };

/** lstmLens.findUnits: resolves with the unit picked (and coloured by), or undefined. */
export function findUnitsCommand(ctx: Ctx) {
  return async (): Promise<UnitScore | undefined> => {
    const services = ctx.editor;
    const editor = requireEditor();
    if (!editor || !requireModel(services)) return undefined;
    const ranked = await rankDocumentUnits(services, editor.document, vscode.l10n.t('LSTM Lens: ranking units on this file…'));
    if (!ranked) return undefined;
    const { best, chars } = ranked;
    if (best.size === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: none of the features varies in this file, so no unit can track one.'));
      return undefined;
    }
    const items: UnitItem[] = [...best].flatMap(([feature, top]) => [
      { label: featureLabel(feature), kind: vscode.QuickPickItemKind.Separator },
      ...top.map((score) => ({ label: unitLabel(score), description: `r = ${score.r >= 0 ? '+' : '−'}${Math.abs(score.r).toFixed(2)}`, score })),
    ]);
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Interpretable units in {0} ({1} characters read)', labelText(vscode.workspace.asRelativePath(editor.document.uri)), chars),
      placeHolder: vscode.l10n.t('Pick a unit to colour the text by'),
      matchOnDescription: true,
    });
    if (!pick?.score) return undefined;
    await colourEditorBy(ctx, editor, pick.score);
    return pick.score;
  };
}
