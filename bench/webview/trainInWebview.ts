/**
 * `npm run bench:webview`: the d2l workload trained where users train it, in the LSTM Lens
 * panel's worker inside a real VS Code (code-server + chromium), once per engine forced by
 * `lstmLens.backend`. Prints the tokens/s each engine reaches (the dashboard's running figure,
 * median of a few readings after a warm-up), its ratio to the fused engine, as a table and JSON.
 * Usage: node out/bench/webview/trainInWebview.js [--seconds 20] [--engines fused,fused-single,wasm,cpu,webgl] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openUiSession } from '../../test/integration/harness/session';

interface Reading {
  readonly engine: string;
  readonly ran: string;
  readonly tokensPerSec: number | null;
  readonly note?: string;
}

function parseRate(text: string): number | null {
  const m = /^([\d.]+)(k?)$/.exec(text.trim());
  return m ? Number(m[1]) * (m[2] ? 1000 : 1) : null;
}

async function measure(engine: string, seconds: number): Promise<Reading> {
  const session = await openUiSession({ settings: { 'lstmLens.backend': engine } });
  const { wb } = session;
  try {
    await wb.runCommand('LSTM Lens: Train LSTM');
    await wb.pick('Sample corpus');
    await wb.pick('d2l');
    await wb.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === 'timemachine');
    await wb.page.keyboard.press('Enter');
    const frame = await wb.webviewFrame('[data-testid=dashboard]', 120000);
    await frame.waitForFunction(() => document.querySelector('[data-testid=dashboard]')?.getAttribute('data-running') !== null, undefined, { timeout: 120000 });
    const ran = (await frame.locator('[data-testid=engine-badge]').innerText()).trim();
    const outcome = await frame.locator('[data-testid=outcome]').getAttribute('data-outcome');
    if (outcome !== 'running') return { engine, ran, tokensPerSec: null, note: (await frame.locator('.notice').innerText()).trim() };
    // The first minibatches carry compilation and shader warm-up: read after a while.
    await frame.waitForFunction(() => (document.querySelector('[data-testid=stat-speed]')?.textContent ?? '—') !== '—', undefined, { timeout: 300000 });
    await wb.page.waitForTimeout(seconds * 1000);
    const readings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = parseRate(await frame.locator('[data-testid=stat-speed]').innerText());
      if (r !== null) readings.push(r);
      await wb.page.waitForTimeout(1000);
    }
    readings.sort((a, b) => a - b);
    return { engine, ran, tokensPerSec: readings.length ? readings[Math.floor(readings.length / 2)] : null };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, engines: { type: 'string', default: 'fused,fused-single,wasm,cpu,webgl' }, json: { type: 'string' } } });
  const results: Reading[] = [];
  for (const engine of (values.engines ?? '').split(',').filter(Boolean)) {
    process.stderr.write(`measuring ${engine} in the webview worker…\n`);
    try {
      results.push(await measure(engine, Number(values.seconds)));
    } catch (e) {
      results.push({ engine, ran: '—', tokensPerSec: null, note: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }
  const fused = results.find((r) => r.engine === 'fused')?.tokensPerSec ?? null;
  console.log('\nd2l workload (LSTM, hidden 256, batch 32, steps 35, vocab 28) in the webview worker, code-server + chromium');
  console.log(`${'lstmLens.backend'.padEnd(18)}${'engine'.padEnd(14)}${'tokens/s'.padStart(10)}${'× fused'.padStart(9)}  note`);
  for (const r of results) {
    const ratio = r.tokensPerSec !== null && fused ? (r.tokensPerSec / fused).toFixed(3) : '—';
    console.log(`${r.engine.padEnd(18)}${r.ran.padEnd(14)}${(r.tokensPerSec === null ? '—' : Math.round(r.tokensPerSec).toString()).padStart(10)}${ratio.padStart(9)}  ${r.note ?? ''}`);
  }
  const json = JSON.stringify({ workload: 'd2l', where: 'webview worker', results }, null, 2);
  console.log(json);
  if (values.json) writeFileSync(values.json, json);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
