/**
 * The fused engine's matrix kernel alone, in GFLOP/s on one thread: the LSTM gate product
 * [32 × 256]·[256 × 1024] of every step (H·W_h with W_h packed once), the BPTT product
 * [32 × 1024]·[1024 × 256] (∂Z·W_hᵀ) and the weight gradient [256 × 1120]·[1120 × 1024]
 * (Hᵀ·∂Z with ∂Z packed on each call, as the engine does). Usage: node out/bench/gemm.js
 */
import { compileFusedWasm, instantiateFusedKernels } from '../src/core/engine/fused/kernels/kernels';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { wasmApi } from '../src/core/engine/fused/kernels/wasmApi';

interface Shape {
  readonly name: string;
  readonly M: number;
  readonly K: number;
  readonly N: number;
  /** Pack B inside the timed loop (the weight gradient's ∂Z changes every call). */
  readonly packEachCall: boolean;
}

const SHAPES: Shape[] = [
  { name: 'gate product H·W_h', M: 32, K: 256, N: 1024, packEachCall: false },
  { name: 'BPTT ∂Z·W_hᵀ', M: 32, K: 1024, N: 256, packEachCall: false },
  { name: 'weight gradient Hᵀ·∂Z', M: 256, K: 1120, N: 1024, packEachCall: true },
];

async function main(): Promise<void> {
  const module = await compileFusedWasm(loadFusedWasm());
  const k = instantiateFusedKernels(module, new (wasmApi().Memory)({ initial: 1024 }));
  const results = SHAPES.map((s) => {
    const a = 65536;
    const b = a + s.M * s.K * 4;
    const c = b + s.K * s.N * 4;
    const packed = c + s.M * s.N * 4;
    const scratch = packed + k.packedBSize(s.K, s.N) * 4;
    const tile = scratch + k.packedASize(s.M) * 4;
    const f = new Float32Array(k.memory.buffer);
    for (let i = a / 4; i < c / 4; i++) f[i] = Math.sin(i) * 0.1;
    k.setGemmScratch(scratch, tile);
    k.packB(packed, b, s.N, 1, s.K, s.N);
    const once = () => {
      if (s.packEachCall) k.packB(packed, b, s.N, 1, s.K, s.N);
      k.gemm(s.M, s.N, s.K, a, s.K, 1, packed, c, s.N, false);
    };
    const reps = Math.max(5, Math.round(2e9 / (2 * s.M * s.N * s.K)));
    for (let i = 0; i < reps; i++) once();
    let best = Infinity;
    for (let trial = 0; trial < 7; trial++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) once();
      best = Math.min(best, (performance.now() - t0) / reps);
    }
    return { shape: s.name, M: s.M, K: s.K, N: s.N, ms: best, gflops: (2 * s.M * s.N * s.K) / best / 1e6 };
  });
  for (const r of results) console.log(`${r.shape.padEnd(24)} ${r.M}×${r.K}·${r.K}×${r.N}  ${r.ms.toFixed(3)} ms  ${r.gflops.toFixed(1)} GFLOP/s`);
  console.log(JSON.stringify({ threads: 1, results }));
}

void main();
