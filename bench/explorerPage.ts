/**
 * The panel's bundle (dist/panel.js) in a real chromium page, for timing the gate explorer:
 * a page with VS Code's webview API stubbed (acquireVsCodeApi) and a dark theme's variables,
 * fed the protocol's init and showTrace messages. Page code is passed as strings: this file
 * compiles without the DOM library.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ExplorerTrace } from '../src/protocol/explorer';
import { PANEL_STRING_KEYS } from '../src/protocol/strings';

const ROOT = path.resolve(__dirname, '..', '..');
const THEME = [
  '--vscode-editor-background:#1e1e1e',
  '--vscode-foreground:#cccccc',
  '--vscode-descriptionForeground:#9d9d9d',
  '--vscode-editorLineNumber-foreground:#6e7681',
  '--vscode-focusBorder:#0078d4',
  '--vscode-editorCursor-foreground:#aeafad',
  '--vscode-charts-blue:#3794ff',
  '--vscode-charts-red:#f14c4c',
  '--vscode-charts-green:#89d185',
  '--vscode-charts-orange:#d18616',
  '--vscode-charts-purple:#b180d7',
].join(';');

/** A trace as JSON: typed arrays as base64 with their type, rebuilt in the page. */
function encodeTrace(trace: ExplorerTrace): string {
  return JSON.stringify(trace, (_k, v: unknown) =>
    v instanceof Float32Array || v instanceof Int32Array ? { $typed: v instanceof Float32Array ? 'Float32Array' : 'Int32Array', b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v,
  );
}

const DECODE_AND_SHOW = `(json) => {
  const trace = JSON.parse(json, (_k, v) => {
    if (!v || typeof v !== 'object' || !v.$typed) return v;
    const bytes = Uint8Array.from(atob(v.b64), (c) => c.charCodeAt(0));
    return new (v.$typed === 'Float32Array' ? Float32Array : Int32Array)(bytes.buffer);
  });
  window.postMessage({ type: 'showTrace', trace, step: 0, readings: { forgets: 0.1, ignoresInput: 0.1, hidesMemory: 0.1 } }, '*');
}`;

export interface ExplorerPage {
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens the panel in chromium (1400 × 900) and shows `trace` in its explorer. */
export async function openExplorerPage(trace: ExplorerTrace): Promise<ExplorerPage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-bench-'));
  const html = path.join(dir, 'panel.html');
  const strings = Object.fromEntries(PANEL_STRING_KEYS.map((k) => [k, k]));
  fs.writeFileSync(
    html,
    `<!DOCTYPE html><html><head><meta charset="UTF-8"><link rel="stylesheet" href="file://${ROOT}/media/panel.css"></head>
<body style="${THEME}"><main id="app"></main>
<script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script>
<script src="file://${ROOT}/dist/panel.js"></script></body></html>`,
  );
  const browser: Browser = await chromium.launch({ executablePath: process.env.LSTM_LENS_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`file://${html}`);
  // init starts the trainer worker, which a plain page cannot: the panel reports that and goes on.
  await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'init', strings, resources: { workerScript: 'about:blank', wasmFiles: {} }, workerTimeoutMs: 1000 })}, '*')`);
  await page.evaluate(`(${DECODE_AND_SHOW})(${JSON.stringify(encodeTrace(trace))})`);
  await page.waitForSelector(`[data-testid=explorer][data-steps="${trace.tokens.length}"][data-step="0"]`);
  return {
    page,
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
