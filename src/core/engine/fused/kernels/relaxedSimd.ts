/**
 * Which build of the fused kernels this JavaScript environment runs: the relaxed-SIMD one
 * (f32x4.relaxed_madd, scripts/build-wasm.mjs) where WebAssembly accepts relaxed SIMD, else the
 * plain SIMD one. Node and web workers alike (no Node API here).
 */
import { wasmApi } from './wasmApi';

/** `fused`: one thread; `fused-threads`: the build on a shared memory, for NodeFusedThreads. */
export type FusedWasmBuild = 'fused' | 'fused-threads';

/**
 * The smallest module that uses relaxed SIMD: (func (param v128 v128 v128) (result v128)
 * (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))).
 */
const RELAXED_MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type section: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code section: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (SIMD prefix, opcode 0x105 as LEB128)
  0x0b, // end
]);

let validates: boolean | undefined;

/** Whether this environment's WebAssembly accepts relaxed SIMD (asked once, then remembered). */
export function relaxedSimdValidates(): boolean {
  validates ??= wasmApi().validate(RELAXED_MADD_MODULE);
  return validates;
}

/** The file of a build: fused.wasm, fused-threads.wasm, or their relaxed twins fused-relaxed.wasm, fused-threads-relaxed.wasm. */
export function fusedWasmFile(build: FusedWasmBuild, relaxed: boolean): string {
  return `${build}${relaxed ? '-relaxed' : ''}.wasm`;
}

/** What the engine names beside itself for the build it runs (its `relaxedSimd()` export). */
export function fusedBuildDetail(relaxed: boolean): string {
  return relaxed ? 'relaxed SIMD' : 'SIMD';
}
