import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFusedWasm, instantiateFusedKernels } from '../../src/core/engine/fused/kernels/kernels';
import { wasmApi } from '../../src/core/engine/fused/kernels/wasmApi';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, relDiff } from './fusedHelpers';

test('gemm: strided and transposed operands, partial tiles, several k blocks, accumulate', async () => {
  const k = instantiateFusedKernels(await compileFusedWasm(fusedWasm), new (wasmApi().Memory)({ initial: 64 }));
  const rng = new Rng(3);
  for (const [M, N, K] of [[7, 13, 300], [32, 1024, 256], [1, 1, 1], [5, 28, 600], [1, 1024, 257], [1, 13, 600]]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const A = Float32Array.from({ length: M * K }, () => rng.normal());
        const B = Float32Array.from({ length: K * N }, () => rng.normal());
        const C0 = Float32Array.from({ length: M * N }, () => rng.normal());
        // A as M × K (row stride K) or stored transposed as K × M; B likewise
        const a = 65536, b = a + M * K * 4 + 64, c = b + K * N * 4 + 64, pb = c + M * N * 4 + 64;
        const scratch = pb + k.packedBSize(K, N) * 4 + 64, tile = scratch + k.packedASize(M) * 4 + 64;
        const mem = () => new Float32Array(k.memory.buffer);
        mem().set(transposeA ? transpose(A, M, K) : A, a / 4);
        mem().set(transposeB ? transpose(B, K, N) : B, b / 4);
        mem().set(C0, c / 4);
        k.setGemmScratch(scratch, tile);
        k.packB(pb, b, transposeB ? 1 : N, transposeB ? K : 1, K, N);
        k.gemm(M, N, K, a, transposeA ? 1 : K, transposeA ? M : 1, pb, c, N, true);
        const want = new Float64Array(C0);
        for (let i = 0; i < M; i++) for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) want[i * N + j] += A[i * K + p] * B[p * N + j];
        const got = mem().subarray(c / 4, c / 4 + M * N);
        assert.ok(relDiff(got, want) < 1e-5, `${M}×${K}·${K}×${N} transposeA=${transposeA} transposeB=${transposeB}: ${relDiff(got, want)}`);
      }
    }
  }
});

function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

test('exp4 is within a few float32 ulps of exp', async () => {
  const k = instantiateFusedKernels(await compileFusedWasm(fusedWasm));
  const xs = Float32Array.from({ length: 4001 }, (_, i) => -87 + (175 * i) / 4000);
  new Float32Array(k.memory.buffer).set(xs, 65536 / 4);
  k.expInPlace(65536, xs.length);
  const got = new Float32Array(k.memory.buffer, 65536, xs.length);
  let worst = 0;
  xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(got[i] - Math.exp(x)) / Math.exp(x))));
  assert.ok(worst < 3e-7, `max relative error ${worst}`);
});
