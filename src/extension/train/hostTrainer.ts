/**
 * Runs a training run in a worker thread of the extension host (dist/hostTrainWorker.js),
 * for when the panel's Web Worker cannot start. The thread's TrainEvents are checked on
 * arrival; if the thread dies before it ends the run, the run ends as failed.
 */
import { Worker } from 'node:worker_threads';
import { droppedSample, trainerChannel, type Channel } from '../../protocol/channel';
import type { HostToTrainer } from '../../protocol/messages';
import type { TrainEvent, TrainRequest } from '../../protocol/training';
import { output } from '../output';
import { threadPort } from './threadPort';

export class HostTrainer {
  private worker: Worker | undefined;
  private channel: Channel<TrainEvent, HostToTrainer> | undefined;

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
    const channel = trainerChannel(threadPort(worker), (raw) => output().warn(`Dropped a host trainer message that does not parse: ${droppedSample(raw)}`));
    this.channel = channel;
    channel.onMessage((ev) => {
      if (ev.runId !== request.runId) return; // a late event of an earlier run
      if (ev.type === 'trainEnded') {
        ended = true;
        void worker.terminate();
      }
      onEvent(ev);
    });
    worker.on('error', (e) => end(`the extension host's trainer thread failed: ${e.message}`));
    worker.on('exit', (code) => end(`the extension host's trainer thread exited (code ${code})`));
    channel.post({ type: 'train', request });
  }

  stop(runId: string): void {
    this.channel?.post({ type: 'stopTraining', runId });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.channel = undefined;
  }
}
