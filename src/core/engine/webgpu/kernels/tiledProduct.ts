/**
 * The one matrix product every kernel builds on, tiled for workgroup memory: a workgroup of
 * TILE × TILE threads computes a TILE × TILE block of outputs, staging TILE-wide slices of A and
 * B in workgroup memory so each value read from the arena serves TILE products.
 *
 *   acc[g] = Σ_k A[row, k] · B[k, col + g·colStride]      (k = 0 … K−1, in order)
 *
 * Element (r, k) of A is mem[a + r·rsA + k·csA] and (k, c) of B is mem[b + k·rsB + c·csB], so
 * a transposed operand is a matter of strides (Hᵀ ∂Z, ∂Y W_hqᵀ) and nothing is packed. A
 * thread may own G column groups (the LSTM's four gates of unit j: I, F, O, C̃ at j, h + j,
 * 2h + j, 3h + j), so a recurrent step's gate pass can run on the same thread as its product.
 * The caller's epilogue runs for each (row, col) in range with acc[0 … G−1].
 */
import type { ArgType, KernelSource } from './kernelSource';

/** Rows, columns and depth of a tile. */
export const TILE = 16;

export const PRODUCT_ARGS = {
  M: 'u32',
  N: 'u32',
  K: 'u32',
  a: 'u32',
  rsA: 'u32',
  csA: 'u32',
  b: 'u32',
  rsB: 'u32',
  csB: 'u32',
  colStride: 'u32',
} as const;

export type ProductArg = keyof typeof PRODUCT_ARGS;

/** A product's operands: A is M × K, B is K × (G column groups of N). */
export type ProductOperands = Readonly<Record<ProductArg, number>>;

/** A product kernel with `groups` column groups per thread and an epilogue of its own. */
export function productKernel<E extends string>(name: string, groups: number, extra: Readonly<Record<E, ArgType>>, helpers: string, epilogue: string): KernelSource<ProductArg | E> {
  const perGroup = (line: (g: number) => string): string => Array.from({ length: groups }, (_, g) => line(g)).join('\n');
  return {
    name,
    args: { ...PRODUCT_ARGS, ...extra },
    body: `${helpers}
const TILE = ${TILE}u;
var<workgroup> tileA: array<array<f32, TILE>, TILE>;
var<workgroup> tileB: array<array<array<f32, TILE>, TILE>, ${groups}>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wg.y * TILE + lid.y;
  let col = wg.x * TILE + lid.x;
  var acc: array<f32, ${groups}>;
  // neighbouring threads stage neighbouring floats: along k where that is A's (B's) unit stride
  let alongK = args.csA == 1u;
  let ar = select(lid.x, lid.y, alongK);
  let ak = select(lid.y, lid.x, alongK);
  let bAlongCols = args.csB == 1u;
  let bk = select(lid.x, lid.y, bAlongCols);
  let bc = select(lid.y, lid.x, bAlongCols);
  let rowA = wg.y * TILE + ar;
  let colB = wg.x * TILE + bc;
  for (var k0 = 0u; k0 < args.K; k0 += TILE) {
    // stage A[rowA, k0 + ak] and B[k0 + bk, colB + g·colStride]; zeros outside
    let ka = k0 + ak;
    var va = 0.0;
    if (rowA < args.M && ka < args.K) { va = mem[args.a + rowA * args.rsA + ka * args.csA]; }
    tileA[ar][ak] = va;
    let kb = k0 + bk;
${perGroup((g) => `    var vb${g} = 0.0;
    if (kb < args.K && colB < args.N) { vb${g} = mem[args.b + kb * args.rsB + (colB + ${g}u * args.colStride) * args.csB]; }
    tileB[${g}][bk][bc] = vb${g};`)}
    workgroupBarrier();
    for (var kk = 0u; kk < TILE; kk++) {
      let x = tileA[lid.y][kk];
${perGroup((g) => `      acc[${g}] += x * tileB[${g}][kk][lid.x];`)}
    }
    workgroupBarrier();
  }
  if (row < args.M && col < args.N) {
${epilogue}
  }
}`,
  };
}

/** Workgroups of a product with M rows and N columns. */
export function productGroups(M: number, N: number): [number, number] {
  return [Math.ceil(N / TILE), Math.ceil(M / TILE)];
}
