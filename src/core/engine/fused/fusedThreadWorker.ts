/**
 * Node-only worker thread of NodeFusedThreads: instantiates the kernels on the shared memory
 * it is handed, then runs forwardBackward on each shard it is sent.
 */
import { parentPort } from 'node:worker_threads';
import type { ModelConfig } from '../../model/config';
import { forwardBackward } from './forwardBackward';
import { FusedKernels, instantiateFusedKernels } from './kernels';
import type { ModelLayout } from './layout';
import type { ThreadReply, ThreadRequest } from './threadMessages';

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

parentPort?.on('message', (msg: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = handle(msg);
  } catch (e) {
    reply = { type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
