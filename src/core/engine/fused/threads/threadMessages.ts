/** Messages between the fused engine and its worker threads (nodeThreads.ts ↔ fusedThreadWorker.ts). */
import type { LaneGroup } from '../../../analysis/connectivity/laneBackward';
import type { ModelConfig } from '../../../model/config';
import type { BatchLayout, ForwardLayout, ModelLayout } from '../memory/layout';
import type { WasmMemory, WasmModule } from '../kernels/wasmApi';

export type ThreadRequest =
  | { type: 'start'; id: number; module: WasmModule; memory: WasmMemory; config: ModelConfig; model: ModelLayout }
  | { type: 'run'; id: number; batch: BatchLayout; gradShift: number; meanOver: number };

export type ThreadReply = { type: 'done'; id: number; lossSum: number } | { type: 'error'; id: number; message: string };

/**
 * A split inference read, after 'start': the worker takes groups from the shared queue
 * (forwardQueue.ts) and runs forwardLayers on each until none is left. No reply on success (the
 * caller waits on the queue synchronously); on a failure it marks the queue, then replies 'error'.
 */
/** `thread`: the worker's number in the queue (the caller is 0), for failQueue. */
export type ForwardRequest = { type: 'forward'; id: number; layouts: readonly ForwardLayout[]; queue: Int32Array; thread: number };

/** A split connectivity pass, like a ForwardRequest: the worker takes groups of positions and runs laneBackward on each over `text`. */
export type LanesRequest = { type: 'lanes'; id: number; text: ForwardLayout; groups: readonly LaneGroup[]; queue: Int32Array; thread: number };

/**
 * Messages of the message-passing pool (messageShardPool.ts ↔ messageShardServer.ts), for
 * workers that share no memory (a webview): each shard carries θ, its tokens and its initial
 * state in, and its share of ∂θ and its final state out.
 */
export type ShardRequest =
  | { type: 'start'; id: number; module: WasmModule; config: ModelConfig; model: ModelLayout }
  | {
      type: 'run';
      id: number;
      batch: BatchLayout;
      gradShift: number;
      meanOver: number;
      params: Float32Array;
      tokens: Int32Array;
      targets: Int32Array;
      /** H_0 (and C_0) of every layer, in stateBuffers order. */
      state: Float32Array[];
    };

export type ShardReply =
  | { type: 'done'; id: number; lossSum: number; grads?: Float32Array; finalState?: Float32Array[] }
  | { type: 'error'; id: number; message: string };

/** Both ends of a message channel to a shard worker (a Web Worker, or a Node worker thread). */
export interface ShardPort {
  postMessage(message: ShardRequest | ShardReply, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The worker died or a message could not be read: everything waiting on it fails. */
  onError?(listener: (error: Error) => void): void;
  terminate?(): void;
}
