/**
 * Node-only: finds fused.wasm (or fused-threads.wasm) next to the bundle (dist/, where the
 * build copies it) or in build/wasm/ of a source checkout (out/src/core/engine/fused/kernels → root).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** `fused`: one thread; `fused-threads`: the build on a shared memory, for NodeFusedThreads. */
export type FusedWasmBuild = 'fused' | 'fused-threads';

/** Where a build is looked for, in order. */
export function fusedWasmCandidates(build: FusedWasmBuild = 'fused'): string[] {
  const file = `${build}.wasm`;
  return [join(__dirname, file), join(__dirname, '..', '..', '..', '..', '..', '..', 'build', 'wasm', file)];
}

/** The bytes of a build, from `path` or the first candidate that exists. */
export function loadFusedWasm(build: FusedWasmBuild = 'fused', path?: string): Uint8Array {
  const found = path ?? fusedWasmCandidates(build).find((p) => existsSync(p));
  if (!found) throw new Error(`${build}.wasm not found (looked in ${fusedWasmCandidates(build).join(', ')}): run node scripts/build-wasm.mjs`);
  return new Uint8Array(readFileSync(found));
}
