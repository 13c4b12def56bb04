/**
 * An inference read split across threads: the segments of a read are independent through the
 * recurrence, so groups of them run forwardLayers in different threads on one shared memory
 * (the weights once, each group its own planned activations and scratch). The caller's thread
 * and the pool's take groups from a shared queue (forwardQueue.ts), the caller waiting for the
 * last ones synchronously, so a read stays a plain call. Small reads stay on the caller's thread
 * (a round trip costs a fraction of a millisecond, which hovers and ghost text would feel);
 * threads that fail to start or to answer are dropped, told once, and reads go on in the
 * caller's thread.
 */
import type { LaneGroup } from '../../../analysis/connectivity/laneBackward';
import type { ModelConfig } from '../../../model/config';
import { awaitGroups, forwardQueue, takeGroups } from './forwardQueue';
import type { ForwardLayout, ModelLayout } from '../memory/layout';
import type { WasmMemory, WasmModule } from '../kernels/wasmApi';

/** Threads that run forwardLayers on a group of segments in a shared memory (Node: NodeFusedThreads). */
export interface ForwardThreads {
  /** Threads besides the caller's. */
  readonly size: number;
  /** A shared memory for the caller and the threads (the module must be the shared-memory build). */
  createMemory(initialPages: number): WasmMemory;
  /** Hands the threads the module, the memory and the model's layout. */
  start(module: WasmModule, memory: WasmMemory, config: ModelConfig, model: ModelLayout): Promise<void>;
  /** Sets every thread taking groups from `queue` (forwardQueue.ts) and running forwardLayers on them; returns at once. */
  share(layouts: readonly ForwardLayout[], queue: Int32Array): void;
  /** The same for a connectivity pass over `text`: every thread runs laneBackward on groups from `queue`. */
  shareLanes(text: ForwardLayout, groups: readonly LaneGroup[], queue: Int32Array): void;
  /** Why a thread stopped, once one has. */
  readonly failure: Error | undefined;
  dispose(): void;
}

/** Segments a read needs before it is split: below, the round trip costs about what it saves. */
export const MIN_SPLIT_SEGMENTS = 8;
/**
 * How long the threads may take for their last groups: a grace period plus this many times the
 * caller's time for its own. A dead thread is noticed at once (its exit fails the queue); this
 * only bounds a live one that stalls.
 */
const JOIN_GRACE_MS = 5000;
const JOIN_SLACK = 20;

export class ForwardSplit {
  private state: 'starting' | 'ready' | 'lost' = 'starting';

  /** @param onLost told once, why the threads were dropped (reads go on in the caller's thread). */
  constructor(
    private readonly threads: ForwardThreads,
    private readonly onLost: (reason: string) => void = () => undefined,
  ) {}

  createMemory(initialPages: number): WasmMemory {
    return this.threads.createMemory(initialPages);
  }

  /** Hands the threads the model; resolves to the threads a read may use (the caller's included: 1 when they did not start). */
  start(module: WasmModule, memory: WasmMemory, config: ModelConfig, model: ModelLayout): Promise<number> {
    return this.threads.start(module, memory, config, model).then(
      () => {
        if (this.state === 'starting') this.state = 'ready';
        return this.threadsFor(Infinity);
      },
      (e: unknown) => {
        this.lose(`the threads did not start: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      },
    );
  }

  /** How many threads a read of `count` segments runs on (1: the caller's alone). */
  threadsFor(count: number): number {
    const { failure } = this.threads;
    if (failure) this.lose(`a thread stopped: ${failure.message}`);
    return this.state === 'ready' && count >= MIN_SPLIT_SEGMENTS ? 1 + this.threads.size : 1;
  }

  /**
   * Runs forwardLayers on every layout (`here` in the caller's thread, the pool's threads
   * alike) and returns when all are done; groups a failed thread left are run `here`. A thread
   * that stalls past the join time fails the read (its group's memory may still change), and
   * the threads are dropped.
   */
  run(layouts: readonly ForwardLayout[], here: (layout: ForwardLayout) => void): void {
    this.runShared(layouts.length, (queue) => this.threads.share(layouts, queue), (g) => here(layouts[g]));
  }

  /** run for the groups of a connectivity pass over `text` (laneBackward on each). */
  runLanes(text: ForwardLayout, groups: readonly LaneGroup[], here: (group: LaneGroup) => void): void {
    this.runShared(groups.length, (queue) => this.threads.shareLanes(text, groups, queue), (g) => here(groups[g]));
  }

  /** Offers `count` groups to the threads (`share`) and takes them here too (`here`) until all are done. */
  private runShared(count: number, share: (queue: Int32Array) => void, here: (group: number) => void): void {
    const queue = forwardQueue(count);
    share(queue);
    const t0 = performance.now();
    takeGroups(queue, count, here);
    const timeoutMs = JOIN_GRACE_MS + JOIN_SLACK * (performance.now() - t0);
    const { redo, stalled } = awaitGroups(queue, count, timeoutMs);
    if (stalled.length > 0) {
      this.lose(`a thread took over ${Math.round(timeoutMs)} ms`);
      throw new Error(`a fused inference thread stalled for over ${Math.round(timeoutMs)} ms; the read was dropped`);
    }
    if (redo.length === 0) return;
    this.lose('a thread failed during a read');
    for (const g of redo) here(g);
  }

  /** Ends the threads; reads go on in the caller's thread. */
  dispose(): void {
    if (this.state === 'lost') return;
    this.state = 'lost';
    this.threads.dispose();
  }

  private lose(reason: string): void {
    if (this.state === 'lost') return;
    this.dispose();
    this.onLost(reason);
  }
}
