/** Row operations shared by every cell: the input projection, bias rows and their gradients. */
import { at, ld, st } from './lanes';

/**
 * The one-hot input projection X·W_x + b for all steps at once: X is one-hot, so row r of the
 * product is row tokens[r] of W_x (d2l's F.one_hot(X) · W_x without the zeros).
 * out[r] = W_x[tokens[r]] + b for r in [0, rows); W_x and out have `width` columns.
 */
export function gatherRowsPlusBias(out: usize, wx: usize, b: usize, tokens: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) {
    const src = at(wx, load<i32>(at(tokens, r)) * width);
    const dst = at(out, r * width);
    for (let j = 0; j < width; j += 4) {
      const n = width - j;
      st(at(dst, j), f32x4.add(ld(at(src, j), n), ld(at(b, j), n)), n);
    }
  }
}

/** out[r] = b for r in [0, rows): the bias term, before a product is accumulated onto it. */
export function broadcastRows(out: usize, b: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(at(out, r * width), b, <usize>width << 2);
}

/** ∂W_x of a one-hot input: dW_x[tokens[r]] += dZ[r] (the transpose of the gather). */
export function scatterAddRows(dwx: usize, dz: usize, tokens: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) {
    const dst = at(dwx, load<i32>(at(tokens, r)) * width);
    const src = at(dz, r * width);
    for (let j = 0; j < width; j += 4) {
      const n = width - j;
      st(at(dst, j), f32x4.add(ld(at(dst, j), n), ld(at(src, j), n)), n);
    }
  }
}

/** ∂b = Σ_r dZ[r]: column sums of a rows × width block with row stride ld, written to db. */
export function columnSums(db: usize, dz: usize, rows: i32, width: i32, ldz: i32): void {
  memory.fill(db, 0, <usize>width << 2);
  for (let r = 0; r < rows; r++) {
    const src = at(dz, r * ldz);
    for (let j = 0; j < width; j += 4) {
      const n = width - j;
      st(at(db, j), f32x4.add(ld(at(db, j), n), ld(at(src, j), n)), n);
    }
  }
}
