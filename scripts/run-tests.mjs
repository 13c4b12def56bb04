#!/usr/bin/env node
// Runs one suite of compiled tests (out/test/<suite>/**/*.test.js) with Node's test runner.
// Usage: node scripts/run-tests.mjs unit|integration [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

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
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...concurrency, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
