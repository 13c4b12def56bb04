/** The panel's strings, localised in the host (the webview has no vscode.l10n). */
import * as vscode from 'vscode';
import type { PanelStrings } from '../protocol';

export function panelStrings(): PanelStrings {
  return {
    title: vscode.l10n.t('LSTM Lens'),
    backendsHeading: vscode.l10n.t('Compute backends in the trainer worker'),
    probing: vscode.l10n.t('Starting the trainer worker and probing backends…'),
    available: vscode.l10n.t('available'),
    unavailable: vscode.l10n.t('unavailable'),
    backend: vscode.l10n.t('Backend'),
    status: vscode.l10n.t('Status'),
    detail: vscode.l10n.t('Details'),
    matmul: vscode.l10n.t('256×256 matmul'),
    workerFailed: vscode.l10n.t('The trainer worker failed'),
    tfVersion: vscode.l10n.t('TensorFlow.js'),
  };
}
