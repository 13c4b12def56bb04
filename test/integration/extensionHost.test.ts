/**
 * Runs the mocha suites of test/integration/suite inside code-server's extension host and
 * reports each of their tests here, so the runner's counts include them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExtensionTests } from './harness/extensionTests';
import { RESULTS_FILE } from './suite/index';

test('extension-host suites', async (t) => {
  fs.rmSync(RESULTS_FILE, { force: true });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-ws-'));
  fs.writeFileSync(path.join(workspace, 'notes.txt'), 'the time traveller for so it will be convenient to speak of him\n');
  const run = await runExtensionTests(workspace, path.join(__dirname, 'suite', 'index.js'));
  assert.ok(fs.existsSync(RESULTS_FILE), `the suites wrote no results (exit ${run.exitCode}):\n${run.console.slice(-40).join('\n')}`);
  const outcomes = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as { title: string; state: string; error?: string }[];
  assert.ok(outcomes.length > 0, 'the suites ran tests');
  for (const o of outcomes) {
    await t.test(o.title, () => {
      assert.equal(o.state, 'passed', o.error);
    });
  }
  assert.equal(run.exitCode, 0, 'the extension host reported success');
  fs.rmSync(workspace, { recursive: true, force: true });
});
