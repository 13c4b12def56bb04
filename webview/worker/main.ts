/**
 * The trainer worker, started by the panel from a Blob (webviews cannot start workers from
 * their resource URLs). It answers the panel's messages, checked on arrival by the protocol.
 * Started again by itself under SHARD_WORKER_NAME, the same script serves a shard of each
 * batch for the fused engine's message-passing pool instead.
 */
import { droppedSample, workerPanelChannel, type Channel } from '../../src/protocol/channel';
import type { PanelToWorker, WorkerToPanel } from '../../src/protocol/messages';
import { reportAsEvents } from '../../src/protocol/training';
import { probeBackends } from './probeBackends';
import { runTraining } from '../../src/core/train/trainRun';
import { engineCandidates } from './engineCandidates';
import { findGpu } from './gpuAdapter';
import { serveShards } from '../../src/core/engine/fused/threads/messageShardServer';
import { SHARD_WORKER_NAME, selfShardPort } from './shardWorkers';
import { errorText } from '../../src/core/util/errorText';

declare const self: DedicatedWorkerGlobalScope;

const startedAt = performance.now();
/** The run in progress, if any: one at a time per worker. */
let current: { runId: string; signal: { aborted: boolean } } | undefined;

/** This worker's channel to the panel (opened unless it serves shards, which speak their own messages). */
let panel: Channel<PanelToWorker, WorkerToPanel> | undefined;

function post(msg: WorkerToPanel, transfer?: ArrayBuffer[]): void {
  panel?.post(msg, transfer);
}

/**
 * tf.js has one global backend: the backend probe and a run's engine probe must not switch it
 * under each other, so work that touches it runs one task at a time.
 */
let tfQueue: Promise<unknown> = Promise.resolve();
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const next = tfQueue.then(task, task);
  tfQueue = next.catch(() => undefined);
  return next;
}

function onPanelMessage(msg: PanelToWorker): void {
  switch (msg.type) {
    case 'probe':
      exclusive(() => probeBackends(msg.wasmFiles, startedAt)).then(
        (report) => post({ type: 'backendReport', report }),
        (e: unknown) => post({ type: 'error', message: errorText(e) }),
      );
      break;
    case 'train': {
      const { runId } = msg.request;
      if (current) {
        post({ type: 'trainEnded', runId, outcome: 'failed', message: `another run (${current.runId}) is still training in this worker` });
        break;
      }
      const run = { runId, signal: { aborted: false } };
      current = run;
      // The run is over for the host as soon as it hears trainEnded: free the worker first.
      const postRun = (ev: WorkerToPanel, transfer?: ArrayBuffer[]) => {
        if (ev.type === 'trainEnded' && current === run) current = undefined;
        post(ev, transfer);
      };
      const report = reportAsEvents(runId, postRun);
      // WebGPU's adapter is asked for before the run: the engine list says why it is skipped.
      exclusive(async () => {
        const gpu = await findGpu();
        return runTraining(msg.request, (inputs) => engineCandidates(inputs, msg.wasmFiles, gpu), { signal: run.signal, report });
      }).catch((e: unknown) =>
        report.ended('failed', errorText(e)),
      );
      break;
    }
    case 'stopTraining':
      if (current?.runId === msg.runId) current.signal.aborted = true;
      break;
  }
}

if (self.name === SHARD_WORKER_NAME) {
  serveShards(selfShardPort());
} else {
  panel = workerPanelChannel(
    {
      post: (message, transfer = []) => self.postMessage(message, transfer),
      listen: (deliver) => self.addEventListener('message', (e: MessageEvent<unknown>) => deliver(e.data)),
    },
    (raw) => console.warn(`[lstm-lens worker] dropped a message that does not parse: ${droppedSample(raw)}`),
  );
  panel.onMessage(onPanelMessage);
  // A blocked request inside the worker (a WASM fetch, say) is reported, never silent.
  self.addEventListener('securitypolicyviolation', (e: Event) => {
    const v = e as SecurityPolicyViolationEvent;
    post({ type: 'cspViolation', directive: v.effectiveDirective, blockedUri: v.blockedURI });
  });
  post({ type: 'workerReady' });
}
