/**
 * Node-only: finds fused.wasm next to the bundle (dist/, where the build copies it) or in
 * build/wasm/ of a source checkout (out/src/core/engine/fused → repository root).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where fused.wasm is looked for, in order. */
export function fusedWasmCandidates(): string[] {
  return [join(__dirname, 'fused.wasm'), join(__dirname, '..', '..', '..', '..', '..', 'build', 'wasm', 'fused.wasm')];
}

/** The bytes of fused.wasm, from `path` or the first candidate that exists. */
export function loadFusedWasm(path?: string): Uint8Array {
  const found = path ?? fusedWasmCandidates().find((p) => existsSync(p));
  if (!found) throw new Error(`fused.wasm not found (looked in ${fusedWasmCandidates().join(', ')}): run node scripts/build-wasm.mjs`);
  return new Uint8Array(readFileSync(found));
}
