/**
 * A FusedThreadPool for workers that share no memory (a webview is not cross-origin isolated,
 * so it has no SharedArrayBuffer): each worker keeps its own copy of the kernels and takes its
 * shard of every batch by message, θ and the shard's inputs and state going in, its share of
 * ∂θ and its final state coming back (≈ 2 × 4·|θ| bytes a batch). The engine sums the shares
 * and updates as with shared-memory threads, so the numbers are the same.
 */
import type { ModelConfig } from '../../../model/config';
import { stateBuffers } from '../memory/batchState';
import type { BatchLayout, ModelLayout } from '../memory/layout';
import type { FusedThreadPool } from './threadPool';
import type { ShardPort, ShardReply, ShardRequest } from './threadMessages';
import { wasmApi, type WasmMemory, type WasmModule } from '../kernels/wasmApi';
import { fusedEngineName } from '../train/fusedEngine';

type Pending = { resolve: (r: Extract<ShardReply, { type: 'done' }>) => void; reject: (e: Error) => void };

export class MessageShardPool implements FusedThreadPool {
  readonly size: number;
  readonly engineName: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private memory: WasmMemory | undefined;
  private model: { config: ModelConfig; layout: ModelLayout } | undefined;

  /** `ports`: one per shard worker, already started (see serveShards). */
  constructor(private readonly ports: readonly ShardPort[]) {
    this.size = ports.length;
    this.engineName = fusedEngineName(ports.length, 'w');
    for (const port of ports) {
      port.onMessage((raw) => this.settle(raw as ShardReply));
      port.onError?.((e) => this.failAll(new Error(`fused engine shard worker: ${e.message}`)));
    }
  }

  createMemory(initialPages: number): WasmMemory {
    return new (wasmApi().Memory)({ initial: initialPages });
  }

  async start(module: WasmModule, memory: WasmMemory, config: ModelConfig, model: ModelLayout): Promise<void> {
    this.memory = memory;
    this.model = { config, layout: model };
    await Promise.all(this.ports.map((_, i) => this.request(i, { type: 'start', id: 0, module, config, model }, [])));
  }

  async run(thread: number, batch: BatchLayout, gradShift: number, meanOver: number): Promise<number> {
    if (!this.memory || !this.model) throw new Error('run before start');
    const { layout, config } = this.model;
    const mem = this.memory.buffer;
    const n = batch.batchSize * batch.numSteps;
    const size = batch.batchSize * config.hiddenSize;
    const buffers = stateBuffers(batch).flat();
    const params = new Float32Array(mem, layout.paramsStart, layout.paramFloats).slice();
    const tokens = new Int32Array(mem, batch.tokens, n).slice();
    const targets = new Int32Array(mem, batch.targets, n).slice();
    const state = buffers.map((p) => new Float32Array(mem, p, size).slice());
    const transfer = [params.buffer, tokens.buffer, targets.buffer, ...state.map((s) => s.buffer)];
    const reply = await this.request(thread, { type: 'run', id: 0, batch, gradShift, meanOver, params, tokens, targets, state }, transfer);
    // The memory may have grown meanwhile: take a fresh view.
    const after = this.memory.buffer;
    if (reply.grads) new Float32Array(after, layout.paramsStart + gradShift, layout.paramFloats).set(reply.grads);
    // Where the engine's carryState looks for H_T (C_T).
    reply.finalState?.forEach((s, i) => new Float32Array(after, buffers[i] + batch.numSteps * size * 4, size).set(s));
    return reply.lossSum;
  }

  dispose(): void {
    this.failAll(new Error('the fused engine was disposed'));
    for (const port of this.ports) port.terminate?.();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private request(thread: number, message: ShardRequest, transfer: ArrayBuffer[]): Promise<Extract<ShardReply, { type: 'done' }>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ports[thread].postMessage({ ...message, id }, transfer);
    });
  }

  private settle(reply: ShardReply): void {
    const p = this.pending.get(reply?.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.type === 'error') p.reject(new Error(`fused engine shard worker: ${reply.message}`));
    else p.resolve(reply);
  }
}
