/**
 * C = A·B, or C = b + A·B with a bias row broadcast down C (d2l's X W + b): the input projection
 * of the layers above the first (X W_x + b), the head (Y = H W_hq + b_q), ∂X = ∂Z W_xᵀ, and every
 * weight gradient as one product over the whole sequence (∂W = Xᵀ ∂Z over all T·B rows at once).
 */
import { Dispatch, productDispatch } from './dispatch';
import { ProductOperands, productKernel } from './tiledProduct';

const GEMM = productKernel('gemm', 1, { c: 'u32', ldc: 'u32', bias: 'u32', withBias: 'u32' }, '', `
    var v = acc[0];
    if (args.withBias == 1u) { v = mem[args.bias + col] + v; }
    mem[args.c + row * args.ldc + col] = v;`);

/** Where C goes (row stride ldc) and the bias row added to every row, if any. */
export interface GemmOutput {
  readonly c: number;
  readonly ldc: number;
  readonly bias?: number;
}

export function gemm(operands: ProductOperands, out: GemmOutput): Dispatch {
  return productDispatch(GEMM, operands, { c: out.c, ldc: out.ldc, bias: out.bias ?? 0, withBias: out.bias === undefined ? 0 : 1 });
}

/** A row-major matrix in the arena: `at` (floats), row stride `ld`. */
export interface Matrix {
  readonly at: number;
  readonly ld: number;
}

/** Operands of A·B with A = `a` (M × K) and B = `b` (K × N), both as stored. */
export function times(M: number, N: number, K: number, a: Matrix, b: Matrix): ProductOperands {
  return { M, N, K, a: a.at, rsA: a.ld, csA: 1, b: b.at, rsB: b.ld, csB: 1, colStride: 0 };
}

/** Operands of Aᵀ·B with A stored K × M (∂W = Xᵀ ∂Z). */
export function transposedTimes(M: number, N: number, K: number, a: Matrix, b: Matrix): ProductOperands {
  return { M, N, K, a: a.at, rsA: 1, csA: a.ld, b: b.at, rsB: b.ld, csB: 1, colStride: 0 };
}

/** Operands of A·Bᵀ with B stored N × K (∂X = ∂Z W_xᵀ). */
export function timesTransposed(M: number, N: number, K: number, a: Matrix, b: Matrix): ProductOperands {
  return { M, N, K, a: a.at, rsA: a.ld, csA: 1, b: b.at, rsB: 1, csB: b.ld, colStride: 0 };
}
