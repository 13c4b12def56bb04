/**
 * Ranks the current model's units on a document (as far as lstmLens.units.maxChars reads),
 * with a cancellable progress notification: the best units per feature that varies in it.
 * Find Interpretable Units (the QuickPick) and the panel's Units view both rank through it.
 */
import * as vscode from 'vscode';
import { bestUnitsByFeature, type TextFeature, type UnitScore } from '../../core/infer/unitFeatures';
import { tokensBefore } from '../../core/text/documentTokens';
import { unitsMaxChars } from '../editor/editorConfig';
import type { EditorServices } from '../editor/editorServices';
import { rankUnits } from '../editor/unitRanking';

/** Units listed per feature. */
export const UNITS_PER_FEATURE = 5;

export interface DocumentUnits {
  readonly best: Map<TextFeature, UnitScore[]>;
  /** Characters read. */
  readonly chars: number;
  readonly modelName: string;
}

/** Undefined when cancelled, when no model is loaded, or when the document changed meanwhile. */
export async function rankDocumentUnits(services: EditorServices, document: vscode.TextDocument, title: string): Promise<DocumentUnits | undefined> {
  const entry = services.cache.get(document);
  if (!entry) return undefined;
  const maxTokens = tokensBefore(entry.inference.tokens, unitsMaxChars());
  const scores = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, cancel) => {
    let reported = 0;
    return rankUnits(entry, maxTokens, cancel, (done, total) => {
      progress.report({ increment: (100 * (done - reported)) / total });
      reported = done;
    });
  });
  if (!scores || document.version !== entry.version) return undefined;
  const chars = Math.min(unitsMaxChars(), entry.text.length);
  if (chars < entry.text.length) {
    void vscode.window.showInformationMessage(
      // No file name: a notification turns `[x](command:…)` in its text into a link.
      vscode.l10n.t('LSTM Lens: units were ranked on the first {0} of the {1} characters of the text (setting lstmLens.units.maxChars).', chars, entry.text.length),
    );
  }
  return { best: bestUnitsByFeature(scores, UNITS_PER_FEATURE), chars, modelName: entry.handle.name };
}
