/** The panel as a person sees it: palette → Open Panel → the backend report in the webview. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openUiSession, type UiSession } from './harness/session';
import type { Workbench } from './harness/workbench';

let session: UiSession;
let wb: Workbench;

before(async () => {
  session = await openUiSession();
  wb = session.wb;
});

after(() => session?.close());

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
