/**
 * Runs mocha suites inside code-server's extension host, where they can call the `vscode`
 * API directly. The workbench reads extensionDevelopmentPath and extensionTestsPath from the
 * URL's `payload` when code-server runs with the smoke-test driver, and reports the tests'
 * exit code through `window.codeAutomationExit`.
 */
import { CodeServer } from './codeServer';
import { Workbench } from './workbench';
import { REPO_ROOT } from './paths';
import * as path from 'node:path';

export interface ExtensionTestRun {
  readonly exitCode: number;
  /** The workbench console, where the extension host's mocha output is echoed. */
  readonly console: readonly string[];
}

export async function runExtensionTests(workspace: string, testsEntry: string, timeoutMs = 240000): Promise<ExtensionTestRun> {
  const server = await CodeServer.start({ workspace, installVsix: false, smokeTestDriver: true });
  let wb: Workbench | undefined;
  try {
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(path.resolve(testsEntry))],
    ];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    wb = await Workbench.open(server, {
      query: `&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      beforeGoto: async (page) => {
        await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`extension tests did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const exitCode = await Promise.race([exited, timeout]);
      return { exitCode, console: wb.console };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await wb?.close();
    await server.stop();
  }
}
