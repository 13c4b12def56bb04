/**
 * Node-only: a FusedThreadPool on worker_threads. Each worker instantiates fused-threads.wasm
 * on the engine's shared memory and runs forwardBackward on the shards it is sent; messages
 * carry only layouts (plain numbers), the data stays in the shared memory. As ForwardThreads it
 * also takes groups of segments of an inference read from the read's queue, which the caller
 * waits on synchronously (the workers stay unreferenced: they never keep Node alive).
 * Every worker instantiates the module the engine compiled (sent with 'start'), so every thread
 * runs the engine's build, relaxed SIMD or plain; V8's flags (Node 20's
 * --experimental-wasm-relaxed-simd) are the process's, so a worker validates what its parent does.
 */
import { Worker } from 'node:worker_threads';
import type { LaneGroup } from '../../../analysis/connectivity/laneBackward';
import { join } from 'node:path';
import type { ModelConfig } from '../../../model/config';
import type { ForwardThreads } from '../infer/forwardSplit';
import type { BatchLayout, ForwardLayout, ModelLayout } from '../memory/layout';
import type { FusedThreadPool } from './threadPool';
import type { WasmMemory, WasmModule } from '../kernels/wasmApi';
import { wasmApi } from '../kernels/wasmApi';
import type { ForwardRequest, LanesRequest, ThreadReply, ThreadRequest } from './threadMessages';
import { failQueue } from '../infer/forwardQueue';

/** The maximum fused-threads.wasm declares for its shared memory (scripts/build-wasm.mjs). */
const SHARED_MAX_PAGES = 16384;
export class NodeFusedThreads implements FusedThreadPool, ForwardThreads {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (loss: number) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Why a worker stopped (its error, or its exit), once one has. */
  private broken: Error | undefined;
  /** The read being shared, if any: a worker that dies fails it. */
  private sharing: Int32Array | undefined;
  private disposed = false;

  /**
   * `size` worker threads (the caller's thread takes a shard too: size 1 means two threads).
   * `workerScript` defaults to the compiled fusedThreadWorker.js next to this file; a bundle
   * passes its own copy's path.
   */
  constructor(readonly size: number, workerScript = join(__dirname, 'fusedThreadWorker.js')) {
    this.workers = Array.from({ length: size }, (_, i) => {
      const w = new Worker(workerScript);
      w.on('message', (reply: ThreadReply) => this.settle(reply));
      w.on('error', (e) => this.stopped(i, e));
      w.on('exit', (code) => this.stopped(i, new Error(`a fused engine thread exited (${code})`)));
      w.unref(); // an idle pool never keeps the process alive
      return w;
    });
  }

  createMemory(initialPages: number): WasmMemory {
    return new (wasmApi().Memory)({ initial: initialPages, maximum: SHARED_MAX_PAGES, shared: true });
  }

  async start(module: WasmModule, memory: WasmMemory, config: ModelConfig, model: ModelLayout): Promise<void> {
    await Promise.all(this.workers.map((_, i) => this.request(i, { type: 'start', id: 0, module, memory, config, model })));
  }

  run(thread: number, batch: BatchLayout, gradShift: number, meanOver: number): Promise<number> {
    return this.request(thread, { type: 'run', id: 0, batch, gradShift, meanOver });
  }

  get failure(): Error | undefined {
    return this.broken;
  }

  share(layouts: readonly ForwardLayout[], queue: Int32Array): void {
    this.sharing = queue;
    this.workers.forEach((w, i) => {
      const message: ForwardRequest = { type: 'forward', id: ++this.nextId, layouts, queue, thread: i + 1 };
      w.postMessage(message);
    });
  }

  shareLanes(text: ForwardLayout, groups: readonly LaneGroup[], queue: Int32Array): void {
    this.sharing = queue;
    this.workers.forEach((w, i) => {
      const message: LanesRequest = { type: 'lanes', id: ++this.nextId, text, groups, queue, thread: i + 1 };
      w.postMessage(message);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.failAll(new Error('the fused engine was disposed'));
    for (const w of this.workers) void w.terminate();
  }

  /** Worker `i` failed or exited: nothing waits on it any more (its training shards, its share of a read). */
  private stopped(i: number, e: Error): void {
    if (this.disposed) return;
    this.broken ??= e;
    this.failAll(e);
    if (this.sharing) failQueue(this.sharing, i + 1);
  }

  private request(thread: number, message: ThreadRequest): Promise<number> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[thread].ref(); // busy: keep the process alive until it answers
      this.workers[thread].postMessage({ ...message, id });
    });
  }

  private settle(reply: ThreadReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
    if (reply.type === 'error') p.reject(new Error(`fused engine thread: ${reply.message}`));
    else p.resolve(reply.lossSum);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
