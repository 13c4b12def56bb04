/**
 * Ghost text: the model continues the document at the cursor (predict_ch8 from everything
 * before it), with the length, temperature and stop-at-end-of-line settings. Off in files over
 * `lstmLens.completions.maxFileChars`, silent without a model, cancelled when the user types on,
 * and a continuation for an older version of the document is dropped.
 */
import * as vscode from 'vscode';
import { continueAt } from './continuation';
import { completionOptions, completionsEnabled, completionsMaxFileChars, languageEnabled } from './editorConfig';
import type { InferenceCache } from './inferenceCache';

/** The context key the walkthrough's ghost-text step completes on (package.json walkthroughs). */
export const WALKTHROUGH_COMPLETION_ACCEPTED = 'lstmLens.walkthrough.completionAccepted';

/** The document's length in UTF-16 units, without copying its text. */
function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export class GhostTextProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly cache: InferenceCache) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _context: vscode.InlineCompletionContext,
    cancel: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!completionsEnabled() || !languageEnabled(document.languageId) || documentLength(document) > completionsMaxFileChars()) return undefined;
    const entry = this.cache.get(document);
    if (!entry) return undefined;
    const offset = document.offsetAt(position);
    const text = await continueAt(entry, offset, completionOptions(offset), cancel);
    if (!text || cancel.isCancellationRequested || document.version !== entry.version) return undefined;
    // Run once the user accepts it: the walkthrough's ghost-text step completes.
    const accepted: vscode.Command = { title: '', command: 'setContext', arguments: [WALKTHROUGH_COMPLETION_ACCEPTED, true] };
    return [new vscode.InlineCompletionItem(text, new vscode.Range(position, position), accepted)];
  }
}
