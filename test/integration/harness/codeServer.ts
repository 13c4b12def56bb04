/**
 * A real VS Code for the tests: code-server on 127.0.0.1 with a fresh user-data and
 * extensions folder per run, the built .vsix installed, and settings that keep runs clean.
 * It runs in its own process group, killed as a whole on stop (it leaves a file watcher
 * behind otherwise), so a test run leaves no process behind.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { installLanguagePack } from './languagePack';
import { CODE_SERVER_ENTRY, NODE24, VSIX } from './paths';

export interface CodeServerOptions {
  /** Folder the workbench opens; created empty when absent. */
  readonly workspace: string;
  /** Install the packaged .vsix (UI tests) or not (extension-host tests use the dev path). */
  readonly installVsix: boolean;
  /** Lets the workbench run extension tests from the URL's payload (and hides toasts). */
  readonly smokeTestDriver?: boolean;
  readonly settings?: Record<string, unknown>;
  /** A fixed port (the demo); a free one is picked otherwise. */
  readonly port?: number;
  /**
   * Workspace Trust on, as a user has it: the folder opens in Restricted Mode (no startup
   * prompt, so no modal stands in the tests' way) until someone trusts it.
   */
  readonly workspaceTrust?: boolean;
  /**
   * A display language other than English (`zh-cn`): its fixture language pack is installed
   * (see languagePack.ts) and code-server starts with `--locale`, so the workbench, and with it
   * vscode.env.language and the extension's l10n bundle, are in that language.
   */
  readonly locale?: string;
}

const CLEAN_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'editor.hover.delay': 200,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, proc: ChildProcess, log: () => string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${log()}`);
}

export class CodeServer {
  private stopped = false;
  private readonly onExit = () => this.killGroup();

  private constructor(
    readonly url: string,
    readonly port: number,
    readonly dir: string,
    readonly workspace: string,
    private readonly proc: ChildProcess,
    private readonly logFile: string,
  ) {
    process.once('exit', this.onExit);
  }

  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    for (const f of [NODE24, CODE_SERVER_ENTRY]) {
      if (!fs.existsSync(f)) throw new Error(`${f} is missing: run node scripts/setup-vscode.mjs`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-cs-'));
    const userData = path.join(dir, 'user-data');
    const extensions = path.join(dir, 'extensions');
    const xdg = path.join(dir, 'xdg');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(extensions, { recursive: true });
    fs.mkdirSync(opts.workspace, { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...CLEAN_SETTINGS, ...(opts.workspaceTrust ? TRUST_SETTINGS : {}), ...opts.settings }, null, 2));
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(xdg, 'config'),
      XDG_DATA_HOME: path.join(xdg, 'data'),
      XDG_CACHE_HOME: path.join(xdg, 'cache'),
    };
    const base = ['--user-data-dir', userData, '--extensions-dir', extensions];
    const install = (vsix: string) => execFileSync(NODE24, [CODE_SERVER_ENTRY, ...base, '--install-extension', vsix], { env, stdio: 'pipe' });
    if (opts.installVsix) {
      if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run build && npm run package`);
      install(VSIX);
    }
    if (opts.locale) installLanguagePack(opts.locale, { dir, userData, extensions, install });
    const port = opts.port ?? (await freePort());
    const logFile = path.join(dir, 'code-server.log');
    const log = fs.openSync(logFile, 'w');
    const args = [
      CODE_SERVER_ENTRY,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(opts.locale ? ['--locale', opts.locale] : []),
      ...base,
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      opts.workspace,
    ];
    // detached: its own process group, so stop() can kill it with every child.
    const proc = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const url = `http://127.0.0.1:${port}`;
    const server = new CodeServer(url, port, dir, opts.workspace, proc, logFile);
    try {
      await waitHealthy(url, proc, () => server.log());
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  log(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  private killGroup(): void {
    if (this.proc.pid === undefined) return;
    try {
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.removeListener('exit', this.onExit);
    if (this.proc.pid !== undefined) {
      try {
        process.kill(-this.proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const exited = new Promise<void>((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', () => r())));
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      this.killGroup();
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
