/**
 * `npm run bench:webview`: the d2l workload trained where users train it, in the LSTM Lens
 * panel's worker inside a real VS Code (code-server + chromium), once per engine forced by
 * `lstmLens.backend`. Prints the tokens/s each engine reaches (the dashboard's running figure,
 * median of a few readings after a warm-up), its ratio to the fused engine, as a table and JSON.
 * Usage: node out/bench/webview/trainInWebview.js [--seconds 20] [--engines fused,fused-single,wasm,cpu,webgl] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureInWebview } from './webviewRate';
import type { WebviewReading as Reading } from '../webviewReading';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, engines: { type: 'string', default: 'fused,fused-single,wasm,cpu,webgl' }, json: { type: 'string' } } });
  const results: Reading[] = [];
  for (const engine of (values.engines ?? '').split(',').filter(Boolean)) {
    process.stderr.write(`measuring ${engine} in the webview worker…\n`);
    try {
      results.push(await measureInWebview({ backend: engine, seconds: Number(values.seconds), preset: 'd2l' }));
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
