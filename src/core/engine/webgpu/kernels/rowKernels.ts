/**
 * The row kernels of a one-hot input and of the biases: X W_x + b for one-hot X is a gather of
 * W_x's rows; ∂b = Σ_rows ∂Z; ∂W_x = Xᵀ ∂Z for one-hot X sums, per token v, the ∂Z rows whose
 * input was v (the rows grouped by token on the CPU, so no thread races another).
 */
import { Dispatch, elementDispatch } from './dispatch';
import { elementKernel } from './kernelSource';

// Z[r, c] = W_x[token_r, c] + b[c]: X W_x + b for one-hot X
const GATHER_ROWS_PLUS_BIAS = elementKernel('gatherRowsPlusBias', { out: 'u32', wx: 'u32', b: 'u32', tokens: 'u32', width: 'u32' }, '', `
  let r = i / args.width;
  let c = i % args.width;
  mem[args.out + i] = mem[args.wx + ints[args.tokens + r] * args.width + c] + mem[args.b + c];`);

// ∂b[c] = Σ_r ∂Z[r, c], rows in order
const COLUMN_SUMS = elementKernel('columnSums', { db: 'u32', dz: 'u32', rows: 'u32', ldz: 'u32' }, '', `
  var s = 0.0;
  for (var r = 0u; r < args.rows; r++) { s += mem[args.dz + r * args.ldz + i]; }
  mem[args.db + i] = s;`);

// ∂W_x[v, c] = Σ_{r: token_r = v} ∂Z[r, c]: Xᵀ ∂Z for one-hot X; rowsByToken[starts[v] … starts[v+1]) are v's rows
const SCATTER_ROWS = elementKernel('scatterRows', { dwx: 'u32', dz: 'u32', rowsByToken: 'u32', starts: 'u32', width: 'u32' }, '', `
  let v = i / args.width;
  let c = i % args.width;
  var s = 0.0;
  for (var j = ints[args.starts + v]; j < ints[args.starts + v + 1u]; j++) { s += mem[args.dz + ints[args.rowsByToken + j] * args.width + c]; }
  mem[args.dwx + i] = s;`);

export function gatherRowsPlusBias(out: number, wx: number, b: number, tokens: number, rows: number, width: number): Dispatch {
  return elementDispatch(GATHER_ROWS_PLUS_BIAS, { out, wx, b, tokens, width }, rows * width);
}

export function columnSums(db: number, dz: number, rows: number, width: number, ldz: number): Dispatch {
  return elementDispatch(COLUMN_SUMS, { db, dz, rows, ldz }, width);
}

export function scatterRows(dwx: number, dz: number, rowsByToken: number, starts: number, vocabSize: number, width: number): Dispatch {
  return elementDispatch(SCATTER_ROWS, { dwx, dz, rowsByToken, starts, width }, vocabSize * width);
}
