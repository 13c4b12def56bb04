/**
 * Single-precision matrix product C (+)= A·B for the fused engine, with 128-bit SIMD.
 *
 * The layout follows the GotoBLAS scheme: K is cut into blocks of KC; within a block A is packed
 * into row blocks of MR = 4 rows stored k-major ([k][4]) and B into column panels of NR = 8
 * columns ([k][8]), so the 4×8 micro-kernel reads both operands sequentially and keeps its 8
 * f32x4 accumulators in registers (each step one madd4: a fused multiply-add in the relaxed-SIMD
 * build). A panel of B (KC·8 floats = 8 KiB) stays in L1 while every
 * row block of A (≤ KC·M floats, in L2) streams past it.
 *
 * Operands are addressed by row and column strides (in floats), so transposes (Hᵀ·dZ for the
 * weight gradients, dZ·W_hᵀ for BPTT) are packing orders, never copies.
 */

import { at } from './lanes';
import { madd4 } from './mathf4';

/** Rows of the register tile. */
export const MR: i32 = 4;
/** Columns of the register tile (two f32x4). */
export const NR: i32 = 8;
/** Depth of one k block: a B panel of KC·NR floats fits L1. */
export const KC: i32 = 256;

/** Floats a packed B of K × N occupies (N rounded up to whole panels). */
export function packedBSize(K: i32, N: i32): i32 {
  return K * roundUp(N, NR);
}

/** Floats the A-packing scratch needs for an M-row operand. */
export function packedASize(M: i32): i32 {
  return roundUp(M, MR) * KC;
}

@inline function roundUp(n: i32, m: i32): i32 {
  return ((n + m - 1) / m) * m;
}

/**
 * Packs B (K × N, element (k, n) at b[k·rs + n·cs]) into `dst`: for each k block, for each
 * panel of 8 columns, kc rows of 8 floats; columns past N are zero.
 */
export function packB(dst: usize, b: usize, rs: i32, cs: i32, K: i32, N: i32): void {
  const nPad = roundUp(N, NR);
  let out = dst;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    for (let n0 = 0; n0 < nPad; n0 += NR) {
      const full = n0 + NR <= N;
      for (let k = k0; k < k0 + kc; k++) {
        const row = k * rs;
        if (full && cs == 1) {
          v128.store(out, v128.load(at(b, row + n0)));
          v128.store(out, v128.load(at(b, row + n0 + 4)), 16);
        } else {
          for (let j = 0; j < NR; j++) {
            const n = n0 + j;
            store<f32>(out + (<usize>j << 2), n < N ? load<f32>(at(b, row + n * cs)) : 0);
          }
        }
        out += <usize>NR << 2;
      }
    }
  }
}

/** Depths copied per sweep over the row blocks in packA: KCHUNK source rows stay in L1 meanwhile. */
const KCHUNK: i32 = 16;

/**
 * Packs rows [0, M) and depths [k0, k0+kc) of A (element (m, k) at a[m·rs + k·cs]) as [row block][k][4].
 * Depth runs in chunks across all row blocks, so a transposed A (rs = 1, the weight gradients'
 * Hᵀ) is read a few whole rows at a time instead of at a power-of-two stride that aliases in cache.
 */
function packA(dst: usize, a: usize, rs: i32, cs: i32, M: i32, k0: i32, kc: i32): void {
  for (let c0 = k0; c0 < k0 + kc; c0 += KCHUNK) {
    const c1 = min(c0 + KCHUNK, k0 + kc);
    for (let m0 = 0; m0 < M; m0 += MR) {
      let out = at(dst, m0 * kc + (c0 - k0) * MR);
      const full = m0 + MR <= M;
      for (let k = c0; k < c1; k++) {
        const src = at(a, m0 * rs + k * cs);
        if (full && rs == 1) {
          v128.store(out, v128.load(src));
        } else if (full) {
          const r = <usize>rs << 2;
          store<f32>(out, load<f32>(src));
          store<f32>(out, load<f32>(src + r), 4);
          store<f32>(out, load<f32>(src + 2 * r), 8);
          store<f32>(out, load<f32>(src + 3 * r), 12);
        } else {
          for (let i = 0; i < MR; i++) store<f32>(out + (<usize>i << 2), m0 + i < M ? load<f32>(at(src, i * rs)) : 0);
        }
        out += <usize>MR << 2;
      }
    }
  }
}

/** Where partial tiles are staged before their valid part is written to C. */
let tile: usize = 0;
/** Scratch for the packed A, at least packedASize(M) floats for every M used. */
let scratchA: usize = 0;

/** Gives the kernels their scratch: `aScratch` (packedASize floats) and a 32-float tile, 16-byte aligned. */
export function setGemmScratch(aScratch: usize, tileScratch: usize): void {
  scratchA = aScratch;
  tile = tileScratch;
}

/**
 * C (M × N, row stride ldc) = A·B, or C += A·B when `accumulate`. A is M × K with strides
 * (rsA, csA); B was packed by packB for this K and N.
 */
export function gemm(M: i32, N: i32, K: i32, a: usize, rsA: i32, csA: i32, bPacked: usize, c: usize, ldc: i32, accumulate: bool): void {
  const nPad = roundUp(N, NR);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    if (M == 1) {
      // one row (batch-1 inference): a vector-matrix product, no row tile to fill
      rowTimesPanels(kc, at(a, k0 * csA), csA, at(bPacked, k0 * nPad), c, N, accumulate || k0 > 0);
      continue;
    }
    packA(scratchA, a, rsA, csA, M, k0, kc);
    const bBlock = at(bPacked, k0 * nPad);
    const add = accumulate || k0 > 0;
    for (let n0 = 0; n0 < N; n0 += NR) {
      const bPanel = at(bBlock, n0 * kc);
      for (let m0 = 0; m0 < M; m0 += MR) {
        microKernel(kc, at(scratchA, m0 * kc), bPanel, c, ldc, m0, n0, min(MR, M - m0), min(NR, N - n0), add);
      }
    }
  }
}

/** c[0, N) (+)= Σ_k x[k·cs]·B[k][·] over one k block of packed B; two k at a time for independent sums. */
function rowTimesPanels(kc: i32, x: usize, cs: i32, bBlock: usize, c: usize, N: i32, add: bool): void {
  const step = <usize>cs << 2;
  for (let n0 = 0; n0 < N; n0 += NR) {
    let b = at(bBlock, n0 * kc);
    let p = x;
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let k = 0;
    for (; k + 2 <= kc; k += 2) {
      const x0 = v128.load32_splat(p), x1 = v128.load32_splat(p + step);
      c0 = madd4(x0, v128.load(b), c0);
      c1 = madd4(x0, v128.load(b, 16), c1);
      c2 = madd4(x1, v128.load(b, 32), c2);
      c3 = madd4(x1, v128.load(b, 48), c3);
      p += step << 1; b += 64;
    }
    if (k < kc) {
      const x0 = v128.load32_splat(p);
      c0 = madd4(x0, v128.load(b), c0);
      c1 = madd4(x0, v128.load(b, 16), c1);
    }
    v128.store(tile, f32x4.add(c0, c2));
    v128.store(tile, f32x4.add(c1, c3), 16);
    for (let j = 0; j < min(NR, N - n0); j++) {
      const q = at(c, n0 + j);
      const v = load<f32>(at(tile, j));
      store<f32>(q, add ? load<f32>(q) + v : v);
    }
  }
}

/** The 4×8 register tile: C[m0.., n0..] (+)= Σ_k A[m][k]·B[k][n] over one k block. */
@inline function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, m0: i32, n0: i32, rows: i32, cols: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a = pa, b = pb;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = madd4(x, b0, c00); c01 = madd4(x, b1, c01);
    x = v128.load32_splat(a, 4);
    c10 = madd4(x, b0, c10); c11 = madd4(x, b1, c11);
    x = v128.load32_splat(a, 8);
    c20 = madd4(x, b0, c20); c21 = madd4(x, b1, c21);
    x = v128.load32_splat(a, 12);
    c30 = madd4(x, b0, c30); c31 = madd4(x, b1, c31);
    a += 16; b += 32;
  }
  if (rows == MR && cols == NR) {
    const ld = <usize>ldc << 2;
    const p0 = at(c, m0 * ldc + n0), p1 = p0 + ld, p2 = p1 + ld, p3 = p2 + ld;
    if (add) {
      c00 = f32x4.add(c00, v128.load(p0)); c01 = f32x4.add(c01, v128.load(p0, 16));
      c10 = f32x4.add(c10, v128.load(p1)); c11 = f32x4.add(c11, v128.load(p1, 16));
      c20 = f32x4.add(c20, v128.load(p2)); c21 = f32x4.add(c21, v128.load(p2, 16));
      c30 = f32x4.add(c30, v128.load(p3)); c31 = f32x4.add(c31, v128.load(p3, 16));
    }
    v128.store(p0, c00); v128.store(p0, c01, 16);
    v128.store(p1, c10); v128.store(p1, c11, 16);
    v128.store(p2, c20); v128.store(p2, c21, 16);
    v128.store(p3, c30); v128.store(p3, c31, 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const p = at(c, (m0 + r) * ldc + n0 + j);
      const v = load<f32>(at(tile, r * NR + j));
      store<f32>(p, add ? load<f32>(p) + v : v);
    }
  }
}
