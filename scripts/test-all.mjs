#!/usr/bin/env node
// `npm test`: lint, type check, unit tests in Node, then integration tests in a real VS Code
// (code-server, set up on first use). Every step runs even when an earlier one failed. Prints
// each step's output and ends with one line,
// "N passed, N failed", counting every test of every suite.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'lint', cmd: 'npm', args: ['run', '-s', 'lint'] },
  { name: 'typecheck', cmd: 'npm', args: ['run', '-s', 'typecheck'] },
  { name: 'unit', cmd: 'npm', args: ['run', '-s', 'test:unit'], counts: true },
  { name: 'integration', cmd: 'npm', args: ['run', '-s', 'test:integration'], counts: true },
];

function runStep(step) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${step.name} ===\n`);
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
let ok = true;
for (const step of steps) {
  const t0 = Date.now();
  const { code, out } = await runStep(step);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (step.counts) {
    // Node's spec reporter closes with "ℹ pass N" / "ℹ fail N", TAP with "# pass N" / "# fail N".
    const pass = [...out.matchAll(/^(?:ℹ|#) pass (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const fail = [...out.matchAll(/^(?:ℹ|#) fail (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    passed += pass;
    failed += fail;
    if (code !== 0 && fail === 0) failed += 1; // the suite itself broke (build, setup) before counting
  } else if (code !== 0) {
    failed += 1;
  }
  process.stdout.write(`=== ${step.name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${secs} s ===\n`);
  if (code !== 0) ok = false; // the later suites still run, so one run shows every failure
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
