/** How a text feature a unit may track is named to the user. */
import * as vscode from 'vscode';
import type { TextFeature } from '../../core/infer/unitFeatures';

export function featureLabel(f: TextFeature): string {
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
