#!/usr/bin/env node
// `npm run demo`: sets up the real VS Code (code-server) on first use, builds and packages the
// extension, installs it, opens a workspace with the sample corpus and the trained d2l model
// loaded (so hovers and the explorer work at once), and prints the URL.
// Ctrl+C stops it and removes its temporary profile.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setupVscode } from './setup-vscode.mjs';

const require = createRequire(import.meta.url);
const npm = (...args) => execFileSync('npm', ['run', '-s', ...args], { stdio: 'inherit' });

const paths = setupVscode();
npm('compile');
npm('build');
npm('package');

const workspace = join(paths.cache, 'demo-workspace');
mkdirSync(workspace, { recursive: true });
cpSync('media/samples/timemachine.txt', join(workspace, 'timemachine.txt'));
// The trained d2l model, as Open the d2l Model installs it: in the store, its corpus beside it.
const model = join(workspace, '.lstm-lens', 'd2l-timemachine');
if (!existsSync(join(model, 'manifest.json'))) {
  cpSync('media/models/d2l-timemachine', model, { recursive: true });
  cpSync('media/samples/timemachine.txt', join(model, 'corpus.txt'));
}
mkdirSync(join(workspace, '.vscode'), { recursive: true });
writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'lstmLens.model.openOnStart': 'd2l-timemachine', 'workbench.startupEditor': 'readme' }, null, 2)}\n`);
writeFileSync(
  join(workspace, 'README.md'),
  '# LSTM Lens demo\n\nThe trained d2l model is loaded (see the status bar). Open `timemachine.txt` (the d2l corpus) and hover a character, or select a line and press F1 → **LSTM Lens: Explore Selection**. **Help → Welcome → Get started with LSTM Lens** walks through the rest.\n',
);

const { CodeServer } = require('../out/test/integration/harness/codeServer.js');
const port = Number(process.env.PORT || 8080);
const server = await CodeServer.start({ workspace, installVsix: true, port });
process.stdout.write(`\nLSTM Lens is running in VS Code (code-server) at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n\nOpen it in a browser; press Ctrl+C here to stop.\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
