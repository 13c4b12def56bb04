/**
 * The shard worker's side of MessageShardPool: its own copy of the kernels and memory, laid
 * out like the engine's; per request it loads θ (and packs the weights), the shard's tokens
 * and initial state, runs forwardBackward, and answers with its share of ∂θ and its final state.
 */
import type { ModelConfig } from '../../../model/config';
import { stateBuffers } from '../memory/batchState';
import { forwardBackward } from '../train/forwardBackward';
import { FusedKernels, instantiateFusedKernels } from '../kernels/kernels';
import type { ModelLayout } from '../memory/layout';
import { packWeights } from '../memory/paramPacking';
import type { ShardPort, ShardReply, ShardRequest } from './threadMessages';
import { growTo } from '../kernels/wasmApi';

function isRequest(v: unknown): v is ShardRequest {
  const m = v as Partial<ShardRequest> | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'number' && (m.type === 'start' || m.type === 'run');
}

export function serveShards(port: ShardPort): void {
  let k: FusedKernels | undefined;
  let model: { config: ModelConfig; layout: ModelLayout } | undefined;

  const handle = (msg: ShardRequest): { reply: ShardReply; transfer: ArrayBuffer[] } => {
    if (msg.type === 'start') {
      k = instantiateFusedKernels(msg.module);
      model = { config: msg.config, layout: msg.model };
      growTo(k.memory, msg.model.end);
      return { reply: { type: 'done', id: msg.id, lossSum: 0 }, transfer: [] };
    }
    if (!k || !model) throw new Error('run before start');
    const { config, layout } = model;
    const { batch } = msg;
    growTo(k.memory, batch.end);
    const mem = () => k?.memory.buffer as ArrayBuffer;
    new Float32Array(mem(), layout.paramsStart, layout.paramFloats).set(msg.params);
    packWeights(k, config, layout);
    new Int32Array(mem(), batch.tokens, msg.tokens.length).set(msg.tokens);
    new Int32Array(mem(), batch.targets, msg.targets.length).set(msg.targets);
    const buffers = stateBuffers(batch).flat();
    const size = batch.batchSize * config.hiddenSize;
    buffers.forEach((p, i) => new Float32Array(mem(), p, size).set(msg.state[i]));
    const lossSum = forwardBackward(k, config, layout, batch, msg.gradShift, msg.meanOver);
    const grads = new Float32Array(mem(), layout.paramsStart + msg.gradShift, layout.paramFloats).slice();
    const finalState = buffers.map((p) => new Float32Array(mem(), p + batch.numSteps * size * 4, size).slice());
    return { reply: { type: 'done', id: msg.id, lossSum, grads, finalState }, transfer: [grads.buffer, ...finalState.map((s) => s.buffer)] };
  };

  port.onMessage((raw) => {
    if (!isRequest(raw)) return;
    try {
      const { reply, transfer } = handle(raw);
      port.postMessage(reply, transfer);
    } catch (e) {
      port.postMessage({ type: 'error', id: raw.id, message: e instanceof Error ? e.message : String(e) });
    }
  });
}
