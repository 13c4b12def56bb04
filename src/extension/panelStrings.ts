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
    engineBadgeTitle: vscode.l10n.t('The engine that trains this run, picked by a short probe (setting: lstmLens.backend)'),
    stop: vscode.l10n.t('Stop'),
    resume: vscode.l10n.t('Resume'),
    epoch: vscode.l10n.t('epoch'),
    perplexity: vscode.l10n.t('perplexity'),
    tokensPerSec: vscode.l10n.t('tokens/s'),
    elapsed: vscode.l10n.t('elapsed'),
    eta: vscode.l10n.t('remaining'),
    checkpoint: vscode.l10n.t('last checkpoint'),
    progress: vscode.l10n.t('Training progress'),
    perplexityChart: vscode.l10n.t('Perplexity per epoch'),
    samples: vscode.l10n.t('Samples from the prefix'),
    otherEngines: vscode.l10n.t('Why not the other engines'),
    running: vscode.l10n.t('training…'),
    outcome_finished: vscode.l10n.t('finished'),
    outcome_stopped: vscode.l10n.t('stopped'),
    outcome_diverged: vscode.l10n.t('diverged'),
    outcome_failed: vscode.l10n.t('failed'),
    outcome_interrupted: vscode.l10n.t('interrupted (window reloaded)'),
    tokens: vscode.l10n.t('tokens'),
    vocabulary: vscode.l10n.t('vocabulary'),
    noRun: vscode.l10n.t('No training run yet: run "LSTM Lens: Train LSTM" from the Command Palette.'),
  };
}
