#!/usr/bin/env node
// Compiles the fused engine's AssemblyScript kernels (wasm/fused/) into build/wasm/:
//   fused.wasm                  plain 128-bit SIMD on an imported memory: Node and web workers
//   fused-threads.wasm          the same on an imported *shared* memory, for worker threads in Node
//   fused-relaxed.wasm          fused.wasm with relaxed SIMD: madd4 / nmadd4 (wasm/fused/mathf4.ts)
//   fused-threads-relaxed.wasm  are f32x4.relaxed_madd / relaxed_nmadd, a fused multiply-add on CPUs with FMA
// The relaxed builds run where WebAssembly.validate accepts relaxed SIMD (VS Code's webviews,
// Node 22+; Node 20 with --experimental-wasm-relaxed-simd), the plain ones everywhere SIMD runs:
// src/core/engine/fused/kernels/relaxedSimd.ts picks. npm run bench:relaxed times one against the other.
// Usage: node scripts/build-wasm.mjs [--text]   (--text also writes .wat files for reading)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'wasm');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
/** Pages (64 KiB) the shared memory may grow to: 1 GiB (keep in step with SHARED_MAX_PAGES in src/core/engine/fused/threads/nodeThreads.ts). */
const SHARED_MAX_PAGES = 16384;

const common = [
  join(root, 'wasm', 'fused', 'index.ts'),
  '--enable', 'simd',
  '-O3', '--noAssert',
  '--runtime', 'stub', // no allocator, no GC: the TypeScript side plans all memory
  '--importMemory', // the caller creates and sizes the memory
  '--use', 'abort=', // no abort import
  '--disableWarning', '112', // v128 parameters of internal helpers (never crossing to JS)
];
const threads = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', String(SHARED_MAX_PAGES)];
const relaxed = ['--enable', 'relaxed-simd'];
const builds = [
  { name: 'fused', flags: [] },
  { name: 'fused-threads', flags: threads },
  { name: 'fused-relaxed', flags: relaxed },
  { name: 'fused-threads-relaxed', flags: [...threads, ...relaxed] },
];
mkdirSync(outDir, { recursive: true });
for (const { name, flags } of builds) {
  const args = [asc, ...common, ...flags, '-o', join(outDir, `${name}.wasm`)];
  if (process.argv.includes('--text')) args.push('-t', join(outDir, `${name}.wat`));
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`built ${join('build', 'wasm', `${name}.wasm`)}`);
}
