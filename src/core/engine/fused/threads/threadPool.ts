/**
 * Extra threads for the fused engine: each runs forwardBackward on its shard of the batch in
 * the same (shared) WebAssembly memory, writing its share of ∂θ to its own gradient region.
 * The engine runs shard 0 itself and sums the shares. Node provides one on shared memory
 * (nodeThreads.ts); a webview worker has no SharedArrayBuffer, so its pool is a second worker
 * holding its own copy of the kernels and memory, fed by messages (messageShardPool.ts).
 */
import type { ModelConfig } from '../../../model/config';
import type { BatchLayout, ModelLayout } from '../memory/layout';
import type { WasmMemory, WasmModule } from '../kernels/wasmApi';

export interface FusedThreadPool {
  /** Threads besides the caller's. */
  readonly size: number;
  /** The engine's name with this pool, when not `fused-wasm-<n>t`. */
  readonly engineName?: string;
  /** A shared memory for the engine and the threads (the module must be the shared-memory build). */
  createMemory(initialPages: number): WasmMemory;
  /** Hands the threads the module, the memory and the model's layout. */
  start(module: WasmModule, memory: WasmMemory, config: ModelConfig, model: ModelLayout): Promise<void>;
  /** forwardBackward on thread `thread` (0-based among the pool's): resolves to the summed loss. */
  run(thread: number, batch: BatchLayout, gradShift: number, meanOver: number): Promise<number>;
  dispose(): void;
}
