/** Runs in the panel's Web Worker: the request goes to the panel, the run's events come back through it. */
import type * as vscode from 'vscode';
import type { TrainRequest } from '../../protocol/training';
import type { PanelService } from '../panelService';
import type { RunSink, TrainerTransport } from './trainerTransport';

export class PanelWorkerTransport implements TrainerTransport, vscode.Disposable {
  private run: { readonly runId: string; readonly sink: RunSink } | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly panels: PanelService) {
    this.subscription = panels.onTrainingMessage((m) => {
      const run = this.run;
      if (!run || m.runId !== run.runId || m.type === 'stopTraining' || m.type === 'resumeTraining') return;
      if (m.type === 'workerUnavailable') {
        this.run = undefined; // later messages of the run from this panel are not the run's any more
        run.sink.unavailable(m.reason);
        return;
      }
      if (m.type === 'trainEnded') this.run = undefined;
      run.sink.event(m);
    });
  }

  start(request: TrainRequest, sink: RunSink): void {
    this.run = { runId: request.runId, sink };
    this.panels.show().post({ type: 'train', request });
  }

  stop(runId: string): void {
    this.panels.postIfOpen({ type: 'stopTraining', runId });
  }

  panelClosed(runId: string): 'ended' {
    if (this.run?.runId === runId) this.run = undefined;
    return 'ended';
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
