/**
 * `npm run bench:webgpu`: training tokens/s of the WebGPU engine against the fused WebAssembly
 * engine (and tf.js on WebGL in the webview) on the d2l workload (bench/workload.ts: hidden
 * 256, batch 32, steps 35) and the same at hidden 512 and 1024; in Node, on Dawn (the optional
 * npm package webgpu) where it finds an adapter, each engine in its own process
 * (trainContender.js), interleaved over rounds so background load hits them alike; and in the
 * panel's worker inside code-server (bench/webview/webgpuInWebview.js). Prints the adapter's
 * name, each figure's ratio to the fused engine on one thread at the same size, and the JSON.
 * Then the explorer's trace (bench/traceRate.ts): characters traced per second by the fused
 * tracer and the WebGPU tracer on Dawn, for spans of 1,000 and 10,000 characters, in Node.
 * A software adapter (SwiftShader: the GPU emulated on the CPU, all a machine without a GPU
 * has) gives no speed figure: such rows say so.
 * Usage: node out/bench/webgpu.js [--hidden 256,512,1024] [--rounds 2] [--steps 20] [--seconds 10] [--start-seconds 120] [--no-webview]
 *   [--trace-hidden 256] [--trace-chars 1000,10000] [--trace-runs 3] [--no-trace] [--json out.json]
 * (On SwiftShader a minibatch at hidden 512 takes tens of seconds: the run's engine probe, a few
 * of them, outlasts a 120 s start; --start-seconds waits longer.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SOFTWARE_RENDERER } from '../src/core/engine/gpuAdapterName';
import type { ContenderResult } from './trainContender';
import { TraceRow, traceRows } from './traceRate';
import type { WebviewWebgpuReading } from './webviewReading';

interface Row {
  readonly where: 'node' | 'webview';
  readonly hidden: number;
  /** The engine asked for: a trainContender kind and threads, or an lstmLens.backend value. */
  readonly asked: string;
  readonly engine: string;
  readonly adapter?: string;
  readonly tokensPerSec: number | null;
  readonly note?: string;
}

const NOT_SPEED = 'not a speed figure: a software adapter (the GPU emulated on the CPU)';

/** One trainContender process: its JSON line, or the reason it did not run (no adapter, say). */
function contender(kind: string, threads: number, hidden: number, steps: number): ContenderResult | string {
  const args = [join(__dirname, 'trainContender.js'), kind, '--threads', String(threads), '--hidden', String(hidden), '--steps', String(steps), '--warmup', '3'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0 && line.startsWith('{')) return JSON.parse(line) as ContenderResult;
  return (r.stderr || r.stdout).trim().split('\n').pop() ?? `exit ${r.status}`;
}

function nodeRows(hiddens: readonly number[], rounds: number, steps: number): Row[] {
  const cores = availableParallelism();
  const kinds = [
    { kind: 'webgpu', threads: 1 },
    { kind: 'fused', threads: 1 },
    ...(cores > 1 ? [{ kind: 'fused', threads: cores }] : []),
  ];
  const rows: Row[] = [];
  for (const hidden of hiddens) {
    const runs = kinds.map(() => [] as (ContenderResult | string)[]);
    for (let round = 0; round < rounds; round++) kinds.forEach((k, i) => runs[i].push(contender(k.kind, k.threads, hidden, steps)));
    kinds.forEach((k, i) => {
      const ok = runs[i].filter((r): r is ContenderResult => typeof r !== 'string');
      const asked = k.kind === 'fused' ? `fused, ${k.threads} thread${k.threads > 1 ? 's' : ''}` : k.kind;
      if (ok.length === 0) {
        rows.push({ where: 'node', hidden, asked, engine: '—', tokensPerSec: null, note: String(runs[i][0]) });
        return;
      }
      const rates = ok.map((r) => r.tokens_per_s).sort((a, b) => a - b);
      rows.push({ where: 'node', hidden, asked, engine: ok[0].contender, adapter: ok[0].adapter, tokensPerSec: rates[Math.floor(rates.length / 2)] });
    });
  }
  return rows;
}

function webviewRows(hiddens: readonly number[], seconds: number, startSeconds: number): Row[] | string {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-bench-webgpu-'));
  try {
    const file = join(dir, 'webview.json');
    const script = join(__dirname, 'webview', 'webgpuInWebview.js');
    const r = spawnSync(process.execPath, [script, '--json', file, '--hidden', hiddens.join(','), '--seconds', String(seconds), '--start-seconds', String(startSeconds)], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) return `the webview half failed (exit ${r.status})`;
    const readings = JSON.parse(readFileSync(file, 'utf8')) as WebviewWebgpuReading[];
    return readings.map((x) => ({ where: 'webview', hidden: x.hidden, asked: x.engine, engine: x.ran, adapter: x.adapter, tokensPerSec: x.tokensPerSec, note: x.note }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A trace row's note: a software adapter's rows say they are no speed figure. */
function traceLabel(r: TraceRow): string {
  return [r.adapter !== undefined && SOFTWARE_RENDERER.test(r.adapter) ? NOT_SPEED : '', r.note ?? ''].filter(Boolean).join('; ');
}

function printTraceRows(rows: readonly TraceRow[], hidden: number): void {
  console.log(`\nexplorer trace (LSTM, 1 layer, hidden ${hidden}, vocabulary 28), in Node`);
  const header = ['engine', 'chars', 'chars/s', 'adapter', 'note'];
  const cells = rows.map((r) => [r.engine, fmt(r.chars), fmt(r.charsPerSec), r.adapter ?? '—', traceLabel(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const c of [header, ...cells]) console.log(c.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hidden: { type: 'string', default: '256,512,1024' }, rounds: { type: 'string', default: '2' }, steps: { type: 'string', default: '20' }, seconds: { type: 'string', default: '10' },
      'start-seconds': { type: 'string', default: '120' }, 'no-webview': { type: 'boolean', default: false }, json: { type: 'string' },
      'trace-hidden': { type: 'string', default: '256' }, 'trace-chars': { type: 'string', default: '1000,10000' }, 'trace-runs': { type: 'string', default: '3' }, 'no-trace': { type: 'boolean', default: false },
    },
  });
  const hiddens = (values.hidden ?? '').split(',').filter(Boolean).map(Number);
  const rows = nodeRows(hiddens, Number(values.rounds), Number(values.steps));
  const notes: string[] = [];
  if (!values['no-webview']) {
    const web = webviewRows(hiddens, Number(values.seconds), Number(values['start-seconds']));
    if (typeof web === 'string') notes.push(web);
    else rows.push(...web);
  }
  /** The fused engine on one thread at the same size and place: what every ratio is to. */
  const base = (r: Row) => rows.find((b) => b.where === r.where && b.hidden === r.hidden && (r.where === 'node' ? b.asked === 'fused, 1 thread' : b.asked === 'fused-single'))?.tokensPerSec ?? null;
  // Where the webview's WebGPU adapter is a software one, so is its WebGL renderer: no GPU here.
  const softwareWebview = rows.some((r) => r.where === 'webview' && r.adapter !== undefined && SOFTWARE_RENDERER.test(r.adapter));
  const label = (r: Row): string => {
    const software = (r.adapter !== undefined && SOFTWARE_RENDERER.test(r.adapter)) || (r.where === 'webview' && softwareWebview && r.engine === 'tfjs-webgl');
    return [software ? NOT_SPEED : '', r.note ?? ''].filter(Boolean).join('; ');
  };
  const table = rows.map((r) => {
    const b = base(r);
    return { ...r, vsFused: r.tokensPerSec !== null && b ? r.tokensPerSec / b : null, label: label(r) };
  });
  console.log(`\nd2l workload (LSTM, batch 32, steps 35, SGD lr 1, clip 1) at hidden ${hiddens.join(', ')}; ${availableParallelism()} cores`);
  for (const a of new Set(rows.map((r) => r.adapter && `${r.where}: ${r.adapter}`).filter(Boolean))) console.log(`WebGPU adapter, ${a}`);
  const header = ['where', 'hidden', 'asked', 'engine', 'tokens/s', '× fused 1t', 'note'];
  const cells = table.map((r) => [r.where, String(r.hidden), r.asked, r.engine, fmt(r.tokensPerSec), fmt(r.vsFused, 2), r.label]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const c of [header, ...cells]) console.log(c.map((cell, i) => (i === 4 || i === 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
  console.log('(× fused 1t: against the fused WebAssembly engine on one thread at the same hidden size, in the same place)');
  for (const note of notes) console.log(note);
  const traceHidden = Number(values['trace-hidden']);
  const trace = values['no-trace'] ? [] : await traceRows(traceHidden, (values['trace-chars'] ?? '').split(',').filter(Boolean).map(Number), Number(values['trace-runs']));
  if (trace.length > 0) printTraceRows(trace, traceHidden);
  const traceTable = trace.map((r) => ({ ...r, hidden: traceHidden, label: traceLabel(r) }));
  const json = JSON.stringify({ workload: { batch: 32, steps: 35, lr: 1, clip: 1, hidden: hiddens }, rows: table, trace: traceTable, notes }, null, 2);
  console.log(json);
  if (values.json) writeFileSync(values.json, json);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
