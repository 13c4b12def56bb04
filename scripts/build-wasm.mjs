#!/usr/bin/env node
// Compiles the fused engine's AssemblyScript kernels (wasm/fused/) to build/wasm/fused.wasm.
// Plain 128-bit SIMD only: relaxed-SIMD FMA measured no faster on the gate product in Node 20
// (see bench/gemm.ts), and one module runs everywhere SIMD does (Node 20, Chromium workers).
// Usage: node scripts/build-wasm.mjs [--text]   (--text also writes the .wat for reading)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'wasm');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
mkdirSync(outDir, { recursive: true });

const args = [
  asc, join(root, 'wasm', 'fused', 'index.ts'),
  '--enable', 'simd',
  '-O3', '--noAssert',
  '--runtime', 'stub', // no allocator, no GC: the TypeScript side plans all memory
  '--importMemory', // the caller creates and sizes the memory
  '--use', 'abort=', // no abort import
  '--disableWarning', '112', // v128 parameters of internal helpers (never crossing to JS)
  '-o', join(outDir, 'fused.wasm'),
];
if (process.argv.includes('--text')) args.push('-t', join(outDir, 'fused.wat'));
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`built ${join('build', 'wasm', 'fused.wasm')}`);
