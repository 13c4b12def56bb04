#!/usr/bin/env node
// Runs one suite of compiled tests (out/test/<suite>/**/*.test.js) with Node's test runner.
// Usage: node scripts/run-tests.mjs unit|integration [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const suite = process.argv[2];
const filter = process.argv[3];
if (!suite) {
  process.stderr.write('usage: run-tests.mjs unit|integration [filter]\n');
  process.exit(2);
}
const root = join('out', 'test', suite);
if (!existsSync(root)) {
  process.stderr.write(`no compiled tests under ${root}: run npm run compile first\n`);
  process.exit(2);
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return name.endsWith('.test.js') ? [p] : [];
  });
}

const files = findTests(root).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  process.stderr.write(`no test files under ${root}${filter ? ` matching ${filter}` : ''}\n`);
  process.exit(2);
}
// Integration tests share one real VS Code per file and the machine has two cores: run files one at a time.
const concurrency = suite === 'integration' ? ['--test-concurrency=1'] : [];
// Node 20 can deadlock when a test file's process ends: the main thread drains the platform's
// tasks while a concurrent TurboFan job waits for it to collect garbage (nodejs/node#54918;
// seen here about once in 20 runs of a file that starts worker threads). Compiling optimised
// code on the main thread removes that job. The file processes inherit the flag.
// Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd (Node 22+ has it on and
// refuses the flag): with it, the fused engine's tests run its relaxed-SIMD build, as VS Code does;
// test/unit/fusedRelaxedSimd.test.ts runs both builds side by side.
const { relaxedSimdExecArgv } = createRequire(import.meta.url)(join(process.cwd(), 'out', 'src', 'core', 'engine', 'fused', 'kernels', 'relaxedSimdFlag.js'));
const v8 = ['--no-concurrent-recompilation', ...relaxedSimdExecArgv()];
// No test may hang the run: one that does fails after this long, and the whole suite is ended.
const perTestMs = (suite === 'integration' ? 10 : 5) * 60_000;
const suiteMs = (suite === 'integration' ? 30 : 15) * 60_000;
const r = spawnSync(process.execPath, [...v8, '--test', '--test-reporter=spec', `--test-timeout=${perTestMs}`, ...concurrency, ...files], { stdio: 'inherit', timeout: suiteMs, killSignal: 'SIGKILL' });
if (r.error || r.signal) {
  process.stderr.write(`\nthe ${suite} suite did not finish within ${suiteMs / 60_000} minutes and was ended (${r.error?.message ?? r.signal})\n`);
  process.exit(1);
}
process.exit(r.status ?? 1);
