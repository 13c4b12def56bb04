/**
 * Node-only: what a child Node process (a test runner's files, a benchmark's contenders) needs
 * on its command line to validate relaxed SIMD as this one does. Node 20 (V8 11.3) has relaxed
 * SIMD only behind --experimental-wasm-relaxed-simd; from V8 11.4 on (Node 22 and later,
 * code-server's own Node) it is on by default and the flag is gone, so Node refuses it as a bad
 * option. Worker threads need nothing: V8's flags are the process's, and Worker inherits execArgv.
 */
import { relaxedSimdValidates } from './relaxedSimd';

export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/** The V8s with relaxed SIMD behind the flag: prototyped from 9.x, on by default from 11.4 on. */
function v8HasFlag(version: string): boolean {
  const [major, minor] = version.split('.').map((p) => Number.parseInt(p, 10));
  return major >= 9 && (major < 11 || (major === 11 && minor < 4));
}

/** [RELAXED_SIMD_FLAG] where the running Node needs it for relaxed SIMD and knows it; [] where it validates without it. */
export function relaxedSimdExecArgv(): string[] {
  // This process validates thanks to the flag: so will a child given the same.
  if (process.execArgv.includes(RELAXED_SIMD_FLAG)) return [RELAXED_SIMD_FLAG];
  // On by default (V8 ≥ 11.4): a child needs nothing, and would be refused the flag.
  if (relaxedSimdValidates()) return [];
  return v8HasFlag(process.versions.v8) ? [RELAXED_SIMD_FLAG] : [];
}
