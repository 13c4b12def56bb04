/** The panel as a person sees it: palette → Open Panel → the backend report in the webview. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServer } from './harness/codeServer';
import { Workbench } from './harness/workbench';

let server: CodeServer;
let wb: Workbench;
let workspace: string;

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-ws-'));
  server = await CodeServer.start({ workspace, installVsix: true });
  wb = await Workbench.open(server);
});

after(async () => {
  await wb?.close();
  await server?.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('Open Panel shows WebGL2, WASM and CPU available in the trainer worker', async () => {
  await wb.runCommand('LSTM Lens: Open Panel');
  const frame = await wb.webviewFrame('[data-testid=backend-report]', 90000);
  const rows = await frame.$$eval('[data-testid=backend-report] tbody tr', (trs) =>
    trs.map((tr) => ({
      backend: tr.getAttribute('data-backend'),
      available: tr.getAttribute('data-available'),
      detail: tr.querySelector('td.detail')?.textContent ?? '',
    })),
  );
  await wb.screenshot('panel-backends');
  assert.deepEqual(rows.map((r) => r.backend), ['webgl', 'wasm', 'cpu']);
  for (const r of rows) assert.equal(r.available, 'true', `${r.backend}: ${r.detail}`);
  assert.match(rows[0].detail, /WebGL2, /);
  const csp = wb.console.filter((l) => /Content Security Policy|Refused to/i.test(l));
  assert.deepEqual(csp, [], 'no CSP violation in any frame');
});
