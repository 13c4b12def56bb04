/** Weight gradients as one product over the whole sequence instead of one per step. */
import { gemm, packB } from './gemm';

/**
 * ∂W = Xᵀ·∂Z summed over all batch·steps rows at once (d2l's per-step Σ_t X_tᵀ ∂Z_t as one
 * [d × rows]·[rows × width] product). X is rows × d with row stride ldx; ∂Z is rows × width
 * with row stride ldz; ∂W (d × width, row stride ldw) is overwritten. `packScratch` holds the
 * packed ∂Z (packedBSize(rows, width) floats).
 */
export function weightGradient(dw: usize, ldw: i32, x: usize, ldx: i32, d: i32, dz: usize, ldz: i32, width: i32, rows: i32, packScratch: usize): void {
  packB(packScratch, dz, ldz, 1, rows, width);
  gemm(d, width, rows, x, 1, ldx, packScratch, dw, ldw, false);
}
