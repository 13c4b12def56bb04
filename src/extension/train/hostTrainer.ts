/**
 * Runs a training run in a worker thread of the extension host (dist/hostTrainWorker.js),
 * for when the panel's Web Worker cannot start. The thread's TrainEvents are checked on
 * arrival; if the thread dies before it ends the run, the run ends as failed.
 */
import { Worker } from 'node:worker_threads';
import type { HostToTrainer } from '../../protocol/messages';
import { parseTrainEvent, type TrainEvent, type TrainRequest } from '../../protocol/training';
import { output } from '../output';

export class HostTrainer {
  private worker: Worker | undefined;

  constructor(private readonly script: string) {}

  /** Starts `request` on a fresh thread; `onEvent` gets its events, the last one a trainEnded. */
  start(request: TrainRequest, onEvent: (ev: TrainEvent) => void): void {
    this.dispose();
    const worker = new Worker(this.script);
    this.worker = worker;
    let ended = false;
    const end = (message: string) => {
      if (ended) return;
      ended = true;
      onEvent({ type: 'trainEnded', runId: request.runId, outcome: 'failed', message });
    };
    worker.on('message', (raw: unknown) => {
      const ev = parseTrainEvent(raw);
      if (!ev) {
        output().warn(`Dropped a host trainer message that does not parse: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      if (ev.runId !== request.runId) return; // a late event of an earlier run
      if (ev.type === 'trainEnded') {
        ended = true;
        void worker.terminate();
      }
      onEvent(ev);
    });
    worker.on('error', (e) => end(`the extension host's trainer thread failed: ${e.message}`));
    worker.on('exit', (code) => end(`the extension host's trainer thread exited (code ${code})`));
    this.post({ type: 'train', request });
  }

  stop(runId: string): void {
    this.post({ type: 'stopTraining', runId });
  }

  private post(msg: HostToTrainer): void {
    this.worker?.postMessage(msg);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
