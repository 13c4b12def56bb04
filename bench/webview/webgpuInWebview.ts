/**
 * The webview half of `npm run bench:webgpu`: the d2l workload (and the same at larger hidden
 * sizes) trained in the panel's worker inside code-server, once per engine forced by
 * `lstmLens.backend`, in a Chromium whose WebGPU runs on SwiftShader (its only adapter here, so
 * WebGPU's figures are no speed figures here: bench/webgpu.ts labels them). Writes the readings
 * as JSON to --json (bench/webgpu.ts prints them with the Node half).
 * Usage: node out/bench/webview/webgpuInWebview.js --json out.json [--hidden 256,512,1024] [--engines webgpu,fused-single,webgl] [--seconds 10] [--start-seconds 120]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureInWebview } from './webviewRate';
import type { WebviewWebgpuReading } from '../webviewReading';
import { HIDDEN } from '../workload';

/** d2l's run (the d2l preset) but for the hidden size, through "from settings". */
function d2lSettings(hiddenSize: number): Record<string, unknown> {
  return {
    'lstmLens.tokenizer': 'd2l',
    'lstmLens.model.cell': 'lstm',
    'lstmLens.model.hiddenSize': hiddenSize,
    'lstmLens.model.numLayers': 1,
    'lstmLens.train.numSteps': 35,
    'lstmLens.train.batchSize': 32,
    'lstmLens.train.optimizer': 'sgd',
    'lstmLens.train.lr': 1,
    'lstmLens.train.clipTheta': 1,
    'lstmLens.train.epochs': 500,
    'lstmLens.train.partition': 'sequential',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' }, hidden: { type: 'string', default: '256,512,1024' }, engines: { type: 'string', default: 'webgpu,fused-single,webgl' }, seconds: { type: 'string', default: '10' }, 'start-seconds': { type: 'string', default: '120' } } });
  if (!values.json) throw new Error('--json FILE is required');
  const results: WebviewWebgpuReading[] = [];
  for (const hidden of (values.hidden ?? '').split(',').filter(Boolean).map(Number)) {
    for (const engine of (values.engines ?? '').split(',').filter(Boolean)) {
      process.stderr.write(`measuring ${engine} at hidden ${hidden} in the webview worker…\n`);
      // The d2l preset is the d2l workload itself; other sizes are the same run through "from settings".
      const run = hidden === HIDDEN ? { preset: 'd2l' } : { preset: 'from settings', settings: d2lSettings(hidden) };
      try {
        results.push({ hidden, ...(await measureInWebview({ backend: engine, seconds: Number(values.seconds), startSeconds: Number(values['start-seconds']), webgpu: true, ...run })) });
      } catch (e) {
        results.push({ hidden, engine, ran: '—', tokensPerSec: null, note: e instanceof Error ? e.message.split('\n')[0] : String(e) });
      }
    }
  }
  writeFileSync(values.json, JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
