/** The status bar item: the current model and its perplexity; a click opens the panel. */
import * as vscode from 'vscode';

export class TrainStatusBar implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;

  private show(text: string, tooltip: string): void {
    this.item ??= vscode.window.createStatusBarItem('lstmLens.model', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('LSTM Lens model');
    this.item.command = 'lstmLens.openPanel';
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  training(model: string, epoch: number, total: number, perplexity: number | undefined): void {
    const ppl = perplexity === undefined ? '' : ` · ppl ${perplexity.toFixed(2)}`;
    this.show(`$(sync~spin) ${model} ${epoch}/${total}${ppl}`, vscode.l10n.t('LSTM Lens is training {0}: click to open the dashboard', model));
  }

  model(model: string, perplexity: number | undefined): void {
    const ppl = perplexity === undefined ? '' : ` · ppl ${perplexity.toFixed(2)}`;
    this.show(`$(pulse) ${model}${ppl}`, vscode.l10n.t('LSTM Lens model {0}: click to open the panel', model));
  }

  /** The item's text, for tests and logs. */
  get text(): string | undefined {
    return this.item?.text;
  }

  dispose(): void {
    this.item?.dispose();
  }
}
