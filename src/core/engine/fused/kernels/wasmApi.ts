/**
 * The slice of the WebAssembly JS API the fused engine uses, typed here because src/core
 * compiles without the DOM library (which is where TypeScript declares `WebAssembly`) and runs
 * in Node and in web workers alike, both of which provide the global at run time.
 */

/** A compiled module (WebAssembly.Module), opaque to the engine. */
export type WasmModule = object;

/** A linear memory (WebAssembly.Memory). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmGlobal {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The host's WebAssembly object; throws where there is none. */
export function wasmApi(): WasmGlobal {
  const api = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this JavaScript environment');
  return api;
}

/** Bytes of one WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** Grows `memory` (by whole pages) until it holds at least `bytes`. */
export function growTo(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
}
