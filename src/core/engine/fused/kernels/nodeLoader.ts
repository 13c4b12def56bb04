/**
 * Node-only: finds a build of the fused kernels next to the bundle (dist/, where the build
 * copies them) or in build/wasm/ of a source checkout (out/src/core/engine/fused/kernels → root):
 * the relaxed-SIMD build where this Node validates relaxed SIMD and its file is there, else the
 * plain SIMD build (relaxedSimd.ts).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FusedWasmBuild, fusedWasmFile, relaxedSimdValidates } from './relaxedSimd';

export type { FusedWasmBuild } from './relaxedSimd';

/** The folders the builds are looked for in, in order. */
export function fusedWasmDirs(): string[] {
  return [__dirname, join(__dirname, '..', '..', '..', '..', '..', '..', 'build', 'wasm')];
}

/** Where one build's file is looked for, in order. */
export function fusedWasmCandidates(build: FusedWasmBuild = 'fused', relaxed = false, dirs: readonly string[] = fusedWasmDirs()): string[] {
  return dirs.map((d) => join(d, fusedWasmFile(build, relaxed)));
}

/** The file to load: the relaxed build's when `relaxed` and it is found, else the plain build's. */
export function findFusedWasm(build: FusedWasmBuild, relaxed: boolean, dirs: readonly string[] = fusedWasmDirs()): string {
  const first = (r: boolean) => fusedWasmCandidates(build, r, dirs).find((p) => existsSync(p));
  const found = (relaxed ? first(true) : undefined) ?? first(false);
  if (!found) throw new Error(`${fusedWasmFile(build, false)} not found (looked in ${fusedWasmCandidates(build, false, dirs).join(', ')}): run node scripts/build-wasm.mjs`);
  return found;
}

/**
 * The bytes of a build: by default the relaxed-SIMD one where this Node validates it (and the
 * plain one where not, or where its file is missing); `relaxed` false asks for the plain one.
 */
export function loadFusedWasm(build: FusedWasmBuild = 'fused', relaxed = relaxedSimdValidates(), dirs?: readonly string[]): Uint8Array {
  return new Uint8Array(readFileSync(findFusedWasm(build, relaxed, dirs)));
}
