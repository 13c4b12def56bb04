/**
 * The host's side of training: one run at a time, started in the panel's worker, with a
 * cancellable progress notification and a status bar item; checkpoints from the worker are
 * written to the model store (which reloads the model for hovers, completions, the explorer).
 * The corpus of a run is kept beside its checkpoint, so Resume works after a reload too.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { decodeCheckpoint } from '../../core/io/checkpoint';
import { readCheckpointDir } from '../../core/io/checkpointFiles';
import { encodeCheckpoint } from '../../core/io/checkpoint';
import { validatePreset, type TrainPreset } from '../../core/train/trainPreset';
import type { TrainEvent, TrainOutcome, TrainRequest } from '../../protocol/training';
import type { ModelStore } from '../modelStore';
import type { TrainingMessage } from '../lstmPanel';
import type { PanelService } from '../panelService';
import { output } from '../output';
import { checkpointEveryMs, engineChoice, faults } from '../config';
import { TrainStatusBar } from './trainStatusBar';
import { HostThreadTransport } from './hostThreadTransport';
import { PanelWorkerTransport } from './panelWorkerTransport';
import type { TrainerTransport } from './trainerTransport';
import { setContext, TRAINING_CONTEXT } from '../contextKeys';

/** The corpus file kept in a model's folder, for Resume. */
export const CORPUS_FILE = 'corpus.txt';

interface ActiveRun {
  readonly request: TrainRequest;
  /** Where the run is: the panel's worker, or the host's trainer thread once that worker could not start. */
  transport: TrainerTransport;
  readonly done: Promise<TrainOutcome>;
  readonly finish: (o: TrainOutcome) => void;
  epochs: number;
  perplexity?: number;
  lastCheckpointEpoch?: number;
  /** Serialises checkpoint writes, so the final one lands last. */
  writing: Promise<unknown>;
}

/** What a finished run reports to whoever started it (commands, tests). */
export interface RunResult {
  readonly runId: string;
  readonly modelName: string;
  readonly outcome: TrainOutcome;
  readonly message?: string;
}

export class TrainingController implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ended = new vscode.EventEmitter<RunResult>();
  /** Fires when a run ends, after its last checkpoint is on disk. */
  readonly onDidEndRun = this.ended.event;
  private readonly events = new vscode.EventEmitter<TrainEvent>();
  private readonly panelWorker: PanelWorkerTransport;
  private readonly hostThread: HostThreadTransport;
  /** Every training event from the worker, as the host received it. */
  readonly onTrainEvent = this.events.event;

  constructor(
    private readonly store: ModelStore,
    extensionUri: vscode.Uri,
    readonly statusBar: TrainStatusBar,
    panels: PanelService,
  ) {
    this.panelWorker = new PanelWorkerTransport(panels);
    this.hostThread = new HostThreadTransport(vscode.Uri.joinPath(extensionUri, 'dist', 'hostTrainWorker.js').fsPath, panels);
    this.disposables.push(
      this.panelWorker,
      this.hostThread,
      this.ended,
      this.events,
      panels.onTrainingMessage((m) => this.receive(m)),
      panels.onDidClose(() => this.panelClosed()),
    );
  }

  isRunning(): boolean {
    return this.active !== undefined;
  }

  /** The running run's model name, if any. */
  runningModel(): string | undefined {
    return this.active?.request.modelName;
  }

  /**
   * Starts a run in the panel's worker; resolves when the worker has it (not when it ends:
   * see onDidEndRun). The corpus is written beside the model first, so Resume can re-read it.
   */
  async start(opts: { modelName: string; sourceLabel: string; text: string; tokenizer: TrainRequest['tokenizer']; preset: TrainPreset; resumeFrom?: boolean; notice?: string }): Promise<string> {
    if (this.active) throw new Error(vscode.l10n.t('A training run is already going ({0}).', this.active.request.modelName));
    const dir = this.store.dirOf(opts.modelName);
    await fs.mkdir(dir, { recursive: true });
    let resume: TrainRequest['resume'];
    if (opts.resumeFrom) {
      const ckpt = await readCheckpointDir(dir);
      resume = encodeCheckpoint(ckpt);
    } else {
      await fs.writeFile(path.join(dir, `${CORPUS_FILE}.tmp`), opts.text);
      await fs.rename(path.join(dir, `${CORPUS_FILE}.tmp`), path.join(dir, CORPUS_FILE));
    }
    const request: TrainRequest = {
      runId: randomUUID(),
      modelName: path.basename(dir),
      sourceLabel: opts.sourceLabel,
      text: opts.text,
      tokenizer: opts.tokenizer,
      preset: opts.preset,
      engine: engineChoice(),
      resume,
      checkpointEveryMs: checkpointEveryMs(),
      provenance: { source: opts.sourceLabel },
      ...(faults() && { faults: faults() }),
    };
    let finish: (o: TrainOutcome) => void = () => undefined;
    const done = new Promise<TrainOutcome>((r) => (finish = r));
    const run: ActiveRun = { request, transport: this.panelWorker, done, finish, epochs: 0, writing: Promise.resolve() };
    this.active = run;
    setContext(TRAINING_CONTEXT, true);
    if (opts.notice) void vscode.window.showWarningMessage(opts.notice);
    output().info(`Training ${request.modelName} on ${request.sourceLabel}: ${JSON.stringify(opts.preset)}`);
    this.showProgress(run);
    this.panelWorker.start(request, { event: (ev) => this.onEvent(run, ev), unavailable: (reason) => this.trainOnHost(run, reason) });
    this.statusBar.training(request.modelName, 0, opts.preset.epochs, undefined);
    return request.runId;
  }

  /** Asks the worker to stop after the current minibatch; it then saves a final checkpoint. */
  stop(): boolean {
    if (!this.active) return false;
    this.active.transport.stop(this.active.request.runId);
    return true;
  }

  /** Continues a stored model's training from its checkpoint, on the corpus kept beside it. */
  async resume(modelName: string): Promise<string> {
    const dir = this.store.dirOf(modelName);
    const ckpt = await readCheckpointDir(dir);
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, CORPUS_FILE), 'utf8');
    } catch {
      throw new Error(vscode.l10n.t('The corpus of {0} is not in {1}: train it again instead.', modelName, dir));
    }
    const preset = { ...(ckpt.training as unknown as TrainPreset) };
    validatePreset(preset);
    if (ckpt.metrics.length >= preset.epochs) {
      throw new Error(vscode.l10n.t('{0} has finished all {1} epochs.', modelName, preset.epochs));
    }
    return this.start({
      modelName,
      sourceLabel: String(ckpt.training.source ?? modelName),
      text,
      tokenizer: ckpt.tokenizer,
      preset,
      resumeFrom: true,
    });
  }

  private showProgress(run: ActiveRun): void {
    const { modelName, preset } = run.request;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Training {0}', modelName), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        const sub = this.onTrainEvent((ev) => {
          if (ev.runId !== run.request.runId) return;
          if (ev.type === 'trainEpoch') {
            progress.report({ increment: 100 / preset.epochs, message: vscode.l10n.t('epoch {0}/{1} · perplexity {2} · {3} tokens/s', ev.epoch, preset.epochs, ev.perplexity.toFixed(2), Math.round(ev.tokensPerSec)) });
          } else if (ev.type === 'trainStarted') {
            progress.report({ increment: (100 * ev.history.length) / preset.epochs, message: vscode.l10n.t('on {0}', ev.engine) });
          }
        });
        try {
          await run.done;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  private receive(m: TrainingMessage): void {
    if (m.type === 'stopTraining') {
      if (this.active?.request.runId === m.runId) this.stop();
      return;
    }
    if (m.type === 'resumeTraining') {
      this.resume(m.modelName).catch((e: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot resume: {0}', e instanceof Error ? e.message : String(e))));
      return;
    }
  }

  /** The panel has no worker: the run goes to the host's trainer thread, and its events to the panel's dashboard. */
  private trainOnHost(run: ActiveRun, reason: string): void {
    if (this.active !== run || run.transport === this.hostThread) return;
    run.transport = this.hostThread;
    output().warn(`${run.request.modelName}: the panel's trainer worker is unavailable (${reason}); training in the extension host`);
    void vscode.window.showWarningMessage(vscode.l10n.t("LSTM Lens: the panel's trainer worker could not start ({0}); training {1} in a thread of the extension host instead.", reason, run.request.modelName));
    // The host's thread always starts: a failure to is reported as the run's (failed) end.
    this.hostThread.start(run.request, { event: (ev) => this.onEvent(run, ev), unavailable: () => undefined });
  }

  private onEvent(run: ActiveRun, m: TrainEvent): void {
    this.events.fire(m);
    switch (m.type) {
      case 'trainStarted':
        output().info(`${run.request.modelName}: training on ${m.engine}; ${m.skipped.map((s) => `${s.engine}: ${s.reason}`).join('; ')}`);
        if (m.notice) void vscode.window.showWarningMessage(m.notice);
        break;
      case 'trainEpoch':
        run.epochs = m.epoch;
        run.perplexity = m.perplexity;
        output().info(`${run.request.modelName}: epoch ${m.epoch}, perplexity ${m.perplexity.toFixed(3)}, ${Math.round(m.tokensPerSec)} tokens/s`);
        this.statusBar.training(run.request.modelName, m.epoch, run.request.preset.epochs, m.perplexity);
        break;
      case 'checkpoint':
        run.writing = run.writing.then(() => this.saveCheckpoint(run, m.checkpoint.manifestJson, m.checkpoint.weights, m.epoch));
        break;
      case 'trainEnded':
        void run.writing.then(() => this.finish(run, m.outcome, m.message));
        break;
      default:
        break;
    }
  }

  private async saveCheckpoint(run: ActiveRun, manifestJson: string, weights: Uint8Array, epoch: number): Promise<void> {
    try {
      const ckpt = decodeCheckpoint(manifestJson, weights);
      await this.store.save(run.request.modelName, ckpt);
      run.lastCheckpointEpoch = epoch;
    } catch (e) {
      output().error(`Could not save the checkpoint of ${run.request.modelName}: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: could not save the checkpoint: {0}', e instanceof Error ? e.message : String(e)));
    }
  }

  private finish(run: ActiveRun, outcome: TrainOutcome, message?: string): void {
    if (this.active !== run) return;
    this.active = undefined;
    setContext(TRAINING_CONTEXT, false);
    run.finish(outcome);
    const { modelName } = run.request;
    this.statusBar.model(modelName, run.perplexity);
    output().info(`${modelName}: ${outcome}${message ? `: ${message}` : ''}`);
    const kept = run.lastCheckpointEpoch === undefined ? '' : ' ' + vscode.l10n.t('The checkpoint of epoch {0} is saved.', run.lastCheckpointEpoch);
    switch (outcome) {
      case 'finished':
        void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: {0} finished, perplexity {1}.', modelName, run.perplexity?.toFixed(2) ?? '—') + kept);
        break;
      case 'stopped':
        void vscode.window.showInformationMessage(
          (message ? vscode.l10n.t('LSTM Lens: training of {0} stopped: {1}.', modelName, message) : vscode.l10n.t('LSTM Lens: training of {0} stopped.', modelName)) + kept,
        );
        break;
      case 'diverged':
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: training of {0} diverged: {1}', modelName, message ?? '') + kept);
        break;
      case 'failed':
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: training of {0} failed: {1}', modelName, message ?? '') + kept);
        break;
    }
    this.ended.fire({ runId: run.request.runId, modelName, outcome, message });
  }

  /** The panel (and its worker) closed: the run is over; its last checkpoint stays on disk. */
  private panelClosed(): void {
    const run = this.active;
    if (!run) return;
    if (run.transport.panelClosed(run.request.runId) === 'stopping') return;
    void run.writing.then(() => this.finish(run, 'stopped', vscode.l10n.t('the panel was closed')));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
