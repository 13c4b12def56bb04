/** Messages between the fused engine and its worker threads (nodeThreads.ts ↔ fusedThreadWorker.ts). */
import type { ModelConfig } from '../../model/config';
import type { BatchLayout, ModelLayout } from './layout';
import type { WasmMemory, WasmModule } from './wasmApi';

export type ThreadRequest =
  | { type: 'start'; id: number; module: WasmModule; memory: WasmMemory; config: ModelConfig; model: ModelLayout }
  | { type: 'run'; id: number; batch: BatchLayout; gradShift: number; meanOver: number };

export type ThreadReply = { type: 'done'; id: number; lossSum: number } | { type: 'error'; id: number; message: string };
