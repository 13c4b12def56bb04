/**
 * Node-only worker thread of NodeFusedThreads: instantiates the kernels on the shared memory
 * it is handed, then runs forwardBackward on each shard it is sent, or forwardLayers on the
 * groups of segments of an inference read it takes from the read's queue (a 'forward'), or
 * laneBackward on the groups of positions of a connectivity pass (a 'lanes').
 */
import { parentPort } from 'node:worker_threads';
import { laneBackward } from '../../../analysis/connectivity/laneBackward';
import type { ModelConfig } from '../../../model/config';
import { forwardBackward, forwardLayers } from '../train/forwardBackward';
import { FusedKernels, instantiateFusedKernels } from '../kernels/kernels';
import type { ModelLayout } from '../memory/layout';
import { failQueue, takeGroups } from '../infer/forwardQueue';
import type { ForwardRequest, LanesRequest, ThreadReply, ThreadRequest } from './threadMessages';

let kernels: FusedKernels | undefined;
let model: { config: ModelConfig; layout: ModelLayout } | undefined;

function handle(msg: ThreadRequest): ThreadReply {
  if (msg.type === 'start') {
    kernels = instantiateFusedKernels(msg.module, msg.memory);
    model = { config: msg.config, layout: msg.model };
    return { type: 'done', id: msg.id, lossSum: 0 };
  }
  if (!kernels || !model) throw new Error('run before start');
  return { type: 'done', id: msg.id, lossSum: forwardBackward(kernels, model.config, model.layout, msg.batch, msg.gradShift, msg.meanOver) };
}

/** Runs forwardLayers (laneBackward) on groups from the read's queue until none is left. */
function forward(msg: ForwardRequest | LanesRequest): void {
  try {
    if (!kernels || !model) throw new Error(`${msg.type} before start`);
    const [k, m] = [kernels, model];
    if (msg.type === 'forward') takeGroups(msg.queue, msg.layouts.length, (g) => forwardLayers(k, m.config, m.layout, msg.layouts[g]), msg.thread);
    else takeGroups(msg.queue, msg.groups.length, (g) => laneBackward(k, m.config, m.layout, msg.text, msg.groups[g]), msg.thread);
  } catch (e) {
    failQueue(msg.queue, msg.thread);
    parentPort?.postMessage({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) } satisfies ThreadReply);
  }
}

parentPort?.on('message', (msg: ThreadRequest | ForwardRequest | LanesRequest) => {
  if (msg.type === 'forward' || msg.type === 'lanes') return forward(msg);
  let reply: ThreadReply;
  try {
    reply = handle(msg);
  } catch (e) {
    reply = { type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
