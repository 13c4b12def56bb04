/**
 * Says once per model that a document holds characters its vocabulary lacks (read as `<unk>`),
 * and logs each such document once in the output channel: hovers and ghost text go on working.
 * Keyed by model name, not revision, as a training run saves new revisions every few seconds.
 */
import * as vscode from 'vscode';
import { output } from '../output';
import type { UnknownChars } from '../../core/text/documentTokens';
import type { ModelHandle } from './inferenceCache';
import { visibleControls } from './markdownText';

/** The characters quoted, a control or bidi mark by its code point (U+202E would turn the message around). */
const shown = (chars: readonly string[]): string => chars.map((c) => visibleControls(JSON.stringify(c))).join(', ');

export class UnknownCharsNotice {
  private readonly warned = new Set<string>();
  private readonly logged = new Set<string>();

  report(uri: string, unknown: UnknownChars, handle: ModelHandle): void {
    const key = `${handle.name}\n${uri}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    output().warn(`${uri}: ${unknown.count} character(s) outside the vocabulary of ${handle.name}, read as <unk> (${shown(unknown.examples)})`);
    if (this.warned.has(handle.name)) return;
    this.warned.add(handle.name);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('LSTM Lens: the model {0} never saw some characters in this file ({1}); it reads them as <unk>.', handle.name, shown(unknown.examples)),
    );
  }
}
