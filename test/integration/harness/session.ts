/** One UI test file's real VS Code: a fresh workspace, code-server with the .vsix, the workbench. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServer } from './codeServer';
import { Workbench } from './workbench';

export interface UiSessionOptions {
  /** Files to write into the workspace: relative path → content. */
  readonly files?: Readonly<Record<string, string>>;
  /** Folders to copy into the workspace: relative target → source path. */
  readonly copy?: Readonly<Record<string, string>>;
  readonly settings?: Record<string, unknown>;
  /** Workspace Trust on: the folder opens untrusted (see CodeServerOptions.workspaceTrust). */
  readonly workspaceTrust?: boolean;
  /** A display language (see CodeServerOptions.locale). */
  readonly locale?: string;
  /** Chromium with WebGPU on SwiftShader (see WorkbenchOptions.webgpu). */
  readonly webgpu?: boolean;
}

export interface UiSession {
  readonly workspace: string;
  readonly server: CodeServer;
  readonly wb: Workbench;
  /** Closes the browser, stops code-server (its whole process group) and removes the workspace. */
  close(): Promise<void>;
}

export async function openUiSession(opts: UiSessionOptions = {}): Promise<UiSession> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-ws-'));
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), content);
  }
  for (const [rel, from] of Object.entries(opts.copy ?? {})) fs.cpSync(from, path.join(workspace, rel), { recursive: true });
  const server = await CodeServer.start({ workspace, installVsix: true, settings: opts.settings, workspaceTrust: opts.workspaceTrust, locale: opts.locale });
  let wb: Workbench;
  try {
    wb = await Workbench.open(server, { webgpu: opts.webgpu });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    workspace,
    server,
    wb,
    close: async () => {
      await wb.close();
      await server.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}
