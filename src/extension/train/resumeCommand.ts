/** LSTM Lens: Resume Training: continues a stored model from its last checkpoint. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export function resumeTrainingCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    let name = typeof arg === 'string' ? arg : undefined;
    if (!name) {
      const names = await ctx.store.list();
      if (names.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: no stored model to resume. Run Train LSTM first.'));
        return undefined;
      }
      name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: vscode.l10n.t('Resume Training: which model') });
      if (!name) return undefined;
    }
    try {
      return await ctx.training.resume(name);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot resume: {0}', e instanceof Error ? e.message : String(e)));
      return undefined;
    }
  };
}
