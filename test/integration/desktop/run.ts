/**
 * `npm run test:desktop`: the same extension-host suites in desktop VS Code through
 * @vscode/test-electron, for machines that can download VS Code. (CI has no such network and
 * runs the suites in code-server instead: see ../extensionHost.test.ts.)
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../harness/paths';

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-ws-'));
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.resolve(__dirname, '..', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
