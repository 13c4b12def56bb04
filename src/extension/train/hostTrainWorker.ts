/**
 * The extension host's own trainer, a worker thread (never the host's thread) used when the
 * panel's Web Worker cannot start. It runs the same training loop as the panel's worker on
 * the fused WebAssembly engine split over every core (Node has shared memory and threads,
 * which the webview lacks), and answers with the same TrainEvents. vscode-free.
 */
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { createNodeFusedEngine } from '../../core/engine/fused/train/nodeFusedEngine';
import { fusedEngineName } from '../../core/engine/fused/train/fusedEngine';
import { cloneParams } from '../../core/model/paramSpec';
import { runTraining, type CandidateInputs } from '../../core/train/trainRun';
import { errorText } from '../../core/util/errorText';
import type { EngineCandidate } from '../../core/engine/chooseEngine';
import { droppedSample, trainerHostChannel } from '../../protocol/channel';
import { reportAsEvents } from '../../protocol/training';
import { threadPort } from './threadPort';

if (!parentPort) throw new Error('hostTrainWorker runs as a worker thread');
const host = trainerHostChannel(threadPort(parentPort), (raw) => console.warn(`[lstm-lens host trainer] dropped a message that does not parse: ${droppedSample(raw)}`));

/** The host has one engine: fused on all cores (tf.js is not bundled here). */
function hostCandidates({ config, params, optimizer }: CandidateInputs): EngineCandidate[] {
  const threads = availableParallelism();
  return [{ name: fusedEngineName(threads - 1, 't'), create: () => createNodeFusedEngine(config, cloneParams(params), optimizer, threads) }];
}

let current: { runId: string; signal: { aborted: boolean } } | undefined;

host.onMessage((msg) => {
  if (msg.type === 'stopTraining') {
    if (current?.runId === msg.runId) current.signal.aborted = true;
    return;
  }
  const { runId } = msg.request;
  const post = host.post;
  if (current) {
    post({ type: 'trainEnded', runId, outcome: 'failed', message: `another run (${current.runId}) is still training in the extension host` });
    return;
  }
  const run = { runId, signal: { aborted: false } };
  current = run;
  const report = reportAsEvents(runId, post);
  runTraining(msg.request, hostCandidates, { signal: run.signal, report })
    .catch((e: unknown) => report.ended('failed', errorText(e)))
    .finally(() => {
      if (current === run) current = undefined;
    });
});
