/**
 * Entry point code-server's extension host calls (extensionTestsPath): runs every
 * `*.spec.js` beside this file with mocha and writes each test's outcome to
 * test-results/extension-host.json for the Node-side runner to report.
 */
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
  durationMs?: number;
}

export const RESULTS_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'test-results', 'extension-host.json');

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.spec.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const outcomes: Outcome[] = [];
  // Written after every test, so a run that hangs still shows how far it got.
  const save = (o: Outcome) => {
    outcomes.push(o);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(outcomes, null, 2));
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => save({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => save({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
