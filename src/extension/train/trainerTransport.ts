/**
 * Where a training run happens, as the TrainingController sees it: one interface, whether the
 * run is in the panel's Web Worker (panelWorkerTransport.ts) or in a thread of the extension host
 * (hostThreadTransport.ts), so the controller never branches on where its run is.
 */
import type { TrainEvent, TrainRequest } from '../../protocol/training';

/** What a transport tells the run it carries. */
export interface RunSink {
  /** Each of the run's events, checked, in order; the last one a trainEnded. */
  event(ev: TrainEvent): void;
  /** This transport cannot carry the run (the panel's worker did not start): take it elsewhere. */
  unavailable(reason: string): void;
}

export interface TrainerTransport {
  start(request: TrainRequest, sink: RunSink): void;
  /** Asks the run to stop after its current minibatch; it then reports a final checkpoint and its end. */
  stop(runId: string): void;
  /**
   * The panel closed mid-run. `ended`: the run went with it (its last checkpoint stays);
   * `stopping`: the run was asked to stop and will report its own end.
   */
  panelClosed(runId: string): 'ended' | 'stopping';
}
