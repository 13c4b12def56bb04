/**
 * Runs in a worker thread of the extension host (when the panel's worker cannot start); the
 * run's events also go to the panel, whose dashboard draws the run as if its worker had it.
 */
import type * as vscode from 'vscode';
import type { TrainRequest } from '../../protocol/training';
import type { PanelService } from '../panelService';
import { HostTrainer } from './hostTrainer';
import type { RunSink, TrainerTransport } from './trainerTransport';

export class HostThreadTransport implements TrainerTransport, vscode.Disposable {
  private readonly trainer: HostTrainer;

  constructor(
    workerScript: string,
    private readonly panels: PanelService,
  ) {
    this.trainer = new HostTrainer(workerScript);
  }

  start(request: TrainRequest, sink: RunSink): void {
    this.trainer.start(request, (ev) => {
      this.panels.postIfOpen({ type: 'trainEvent', event: ev });
      sink.event(ev);
    });
  }

  stop(runId: string): void {
    this.trainer.stop(runId);
  }

  /** A run in the host would go on unseen: it stops like one in the panel's worker, and reports its own end. */
  panelClosed(runId: string): 'stopping' {
    this.trainer.stop(runId);
    return 'stopping';
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
