/**
 * The fused engine's WebAssembly exports (wasm/fused/index.ts), typed. Every pointer is a byte
 * offset into the module's memory; every size counts floats or rows.
 */
import { WasmMemory, WasmModule, wasmApi } from './wasmApi';

type Ptr = number;

export interface FusedKernels {
  readonly memory: WasmMemory;
  /** Floats a packed K × N right-hand operand occupies. */
  packedBSize(K: number, N: number): number;
  /** Floats of A-packing scratch for products with M rows. */
  packedASize(M: number): number;
  setGemmScratch(aScratch: Ptr, tile: Ptr): void;
  /** Packs B (element (k, n) at b[k·rs + n·cs]) for gemm. */
  packB(dst: Ptr, b: Ptr, rs: number, cs: number, K: number, N: number): void;
  /** C (+)= A·B with A strided, B packed. */
  gemm(M: number, N: number, K: number, a: Ptr, rsA: number, csA: number, bPacked: Ptr, c: Ptr, ldc: number, accumulate: boolean): void;
  gatherRowsPlusBias(out: Ptr, wx: Ptr, b: Ptr, tokens: Ptr, rows: number, width: number): void;
  broadcastRows(out: Ptr, b: Ptr, rows: number, width: number): void;
  scatterAddRows(dwx: Ptr, dz: Ptr, tokens: Ptr, rows: number, width: number): void;
  columnSums(db: Ptr, dz: Ptr, rows: number, width: number, ldz: number): void;
  weightGradient(dw: Ptr, ldw: number, x: Ptr, ldx: number, d: number, dz: Ptr, ldz: number, width: number, rows: number, packScratch: Ptr): void;
  lstmForward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, cs: Ptr, tanhC: Ptr, whPacked: Ptr): void;
  lstmBackward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, cs: Ptr, tanhC: Ptr, dHin: Ptr, dHnext: Ptr, dCnext: Ptr, whTPacked: Ptr, dwh: Ptr, packScratch: Ptr): void;
  /** lstmBackward's steps alone: no ∂W_h, and dHnext, dCnext carried in as they are. */
  lstmBackwardSteps(B: number, T: number, h: number, gates: Ptr, cs: Ptr, tanhC: Ptr, dHin: Ptr, dHnext: Ptr, dCnext: Ptr, whTPacked: Ptr): void;
  gruForward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, rh: Ptr, wRZ: Ptr, wHH: Ptr): void;
  gruBackward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, rh: Ptr, dHin: Ptr, dHnext: Ptr, dRH: Ptr, wRZT: Ptr, wHHT: Ptr, dwh: Ptr, packScratch: Ptr): void;
  gruBackwardSteps(B: number, T: number, h: number, gates: Ptr, hs: Ptr, dHin: Ptr, dHnext: Ptr, dRH: Ptr, wRZT: Ptr, wHHT: Ptr): void;
  rnnForward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, whPacked: Ptr): void;
  rnnBackward(B: number, T: number, h: number, gates: Ptr, hs: Ptr, dHin: Ptr, dHnext: Ptr, whTPacked: Ptr, dwh: Ptr, packScratch: Ptr): void;
  rnnBackwardSteps(B: number, T: number, h: number, gates: Ptr, dHin: Ptr, dHnext: Ptr, whTPacked: Ptr): void;
  /** Summed cross-entropy; replaces the logits by ∂loss/∂logits of a mean over `meanOver` rows. */
  softmaxCrossEntropy(logits: Ptr, targets: Ptr, rows: number, V: number, meanOver: number): number;
  sumSquares(g: Ptr, n: number): number;
  sgdStep(theta: Ptr, g: Ptr, n: number, step: number): void;
  addInPlace(dst: Ptr, src: Ptr, n: number): void;
  /** One Adam step with the gradients scaled by `scale`; c1, c2 are the bias corrections 1 − β^t. */
  adamStep(theta: Ptr, g: Ptr, m: Ptr, v: Ptr, n: number, lr: number, scale: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  expInPlace(p: Ptr, n: number): void;
  /** 1 in the relaxed-SIMD build (fused multiply-adds), 0 in the plain SIMD one. */
  relaxedSimd(): number;
}

/** What the caller hands over: the compiled module (a worker compiles what it fetched) or its bytes. */
export type FusedWasmSource = WasmModule | Uint8Array;

/** Compiles bytes; passes a compiled module through. */
export async function compileFusedWasm(source: FusedWasmSource): Promise<WasmModule> {
  return source instanceof Uint8Array ? wasmApi().compile(source) : source;
}

/** Instantiates the kernels on `memory` (shared with other threads), or on a fresh one the engine grows. */
export function instantiateFusedKernels(module: WasmModule, memory: WasmMemory = new (wasmApi().Memory)({ initial: 16 })): FusedKernels {
  const instance = new (wasmApi().Instance)(module, { env: { memory } });
  return { ...(instance.exports as unknown as Omit<FusedKernels, 'memory'>), memory };
}
