/**
 * `npm run bench:train`: the d2l LSTM workload (bench/workload.ts) on every contender in one
 * run on this machine: the fused engine on 1 thread and on all cores, the tf.js engine on
 * its WASM and CPU backends, d2l's concise model on tf.layers.lstm (ConciseTwin) on WASM, and
 * PyTorch (bench/torch_lstm.py: nn.LSTM and d2l's scratch model) when python3 has torch, on
 * one core and on all cores split each way between its own threads and OpenBLAS's. One-core
 * contenders are pinned to one core (taskset). Each contender runs in its own process (its
 * peak memory is its own) and contenders are interleaved over rounds, so background load hits
 * them alike; the figure is the median minibatch over all rounds. Prints a table, each
 * contender's ratio to PyTorch nn.LSTM's best on as many cores, the tf.js engine's ratio to
 * tf.layers.lstm on the same (WASM) backend, and the JSON.
 * With several rounds it prints the spread too: each round's fused figure over that round's
 * nn.LSTM best on as many cores. --hidden trains another width (issue #13's 512) on every contender.
 * Usage: node out/bench/train.js [--rounds 2] [--steps 30] [--hidden 256] [--no-tfjs] [--no-torch] [--json out.json]
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ContenderResult } from './trainContender';
import { BATCH_SIZE, HIDDEN, NUM_STEPS, corpusPath } from './workload';
import { relaxedSimdExecArgv } from '../src/core/engine/fused/kernels/relaxedSimdFlag';

export interface Contender {
  readonly label: string;
  /** The cores it may use: 1 means pinned to one core (taskset) with every thread pool at 1. */
  readonly threads: number;
  /** How it uses them, where there is more than one way (PyTorch's own threads × OpenBLAS's). */
  readonly setup?: string;
  readonly command: () => { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
}

/** `taskset -c 0` when util-linux has it: a one-core contender really gets one core. */
const TASKSET = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;

/** Runs `cmd args` on one core when `threads` is 1 (a thread pool that ignores its setting can't borrow the other core). */
function onCores(threads: number, cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  return threads === 1 && TASKSET ? { cmd: 'taskset', args: ['-c', '0', cmd, ...args], env } : { cmd, args, env };
}

const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/** The first python3 that imports torch ('python3' on PATH, then Debian's). */
export function findTorchPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/**
 * A contender of trainContender.ts; `extra`: more of its flags (a model shape), `env`: its
 * environment (a corpus). Its Node validates relaxed SIMD (relaxedSimdExecArgv), so the fused
 * engine runs the build the extension runs unless --wasm says otherwise.
 */
export function nodeContender(label: string, kind: string, threads: number, steps: number, warmup: number, extra: string[] = [], env?: NodeJS.ProcessEnv): Contender {
  return { label, threads, command: () => onCores(threads, process.execPath, [...relaxedSimdExecArgv(), join(__dirname, 'trainContender.js'), kind, '--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup), ...extra], env) };
}

/**
 * PyTorch on `cores` cores: torch.set_num_threads(torchThreads) sets PyTorch's own pool, but
 * OpenBLAS keeps a pool of its own (OPENBLAS_NUM_THREADS, all cores by default), so both are
 * set. On one core both are 1; on more, each split is a row and the best is the reference.
 */
export function torchContender(python: string, model: 'lstm' | 'scratch', cores: number, torchThreads: number, blasThreads: number, steps: number, corpus: string, extra: string[] = []): Contender {
  const threads = String(blasThreads);
  return {
    label: `pytorch-${model === 'lstm' ? 'nn.LSTM' : 'scratch'}`,
    threads: cores,
    ...(cores > 1 && { setup: `torch ${torchThreads} × BLAS ${blasThreads}` }),
    command: () =>
      onCores(cores, python, [join(__dirname, '..', '..', 'bench', 'torch_lstm.py'), '--model', model, '--threads', String(torchThreads), '--steps', String(steps), '--corpus', corpus, ...extra], {
        ...process.env,
        OPENBLAS_NUM_THREADS: threads,
        OMP_NUM_THREADS: threads,
        LD_LIBRARY_PATH: [OPENBLAS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      }),
  };
}

/** One-core PyTorch, and on more cores the three ways to split them (own pool, OpenBLAS's, both). */
function torchContenders(python: string, model: 'lstm' | 'scratch', cores: number, steps: number, corpus: string, extra: string[]): Contender[] {
  const one = torchContender(python, model, 1, 1, 1, steps, corpus, extra);
  if (cores === 1) return [one];
  return [one, torchContender(python, model, cores, cores, 1, steps, corpus, extra), torchContender(python, model, cores, 1, cores, steps, corpus, extra), torchContender(python, model, cores, cores, cores, steps, corpus, extra)];
}

/** Runs one contender process and parses its JSON line. */
export function runOnce(c: Contender): ContenderResult & { blas?: string } {
  const { cmd, args, env } = c.command();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${c.label} failed: ${(r.stderr || r.stdout).trim().slice(-500)}`);
  return JSON.parse(line);
}

export function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, steps: { type: 'string', default: '30' }, hidden: { type: 'string', default: String(HIDDEN) }, 'no-tfjs': { type: 'boolean', default: false }, 'no-torch': { type: 'boolean', default: false }, json: { type: 'string' } } });
  const rounds = Number(values.rounds);
  const steps = Number(values.steps);
  const hidden = Number(values.hidden);
  if (!(Number.isInteger(hidden) && hidden > 0)) throw new Error(`--hidden takes a positive whole number, not ${values.hidden}`);
  const shape = ['--hidden', String(hidden)];
  const cores = availableParallelism();
  const contenders: Contender[] = [nodeContender('fused-wasm', 'fused', 1, steps, 3, shape)];
  if (cores > 1) contenders.push(nodeContender('fused-wasm', 'fused', cores, steps, 3, shape));
  if (!values['no-tfjs']) contenders.push(nodeContender('tfjs-wasm', 'tfjs-wasm', 1, 3, 1, shape), nodeContender('tfjs-layers-wasm', 'tfjs-layers', 1, 3, 1, shape), nodeContender('tfjs-autodiff-wasm', 'tfjs-autodiff', 1, 3, 1, shape), nodeContender('tfjs-cpu', 'tfjs-cpu', 1, 2, 1, shape));
  const notes: string[] = [];
  const corpus = corpusPath();
  const python = values['no-torch'] ? undefined : findTorchPython();
  if (values['no-torch']) notes.push('PyTorch skipped (--no-torch)');
  else if (!python) notes.push('PyTorch skipped: no python3 with torch (Debian: apt-get install python3-torch libopenblas0-pthread)');
  else if (!corpus) notes.push('PyTorch skipped: the time machine corpus was not found (set LSTM_LENS_CORPUS)');
  else for (const model of ['lstm', 'scratch'] as const) contenders.push(...torchContenders(python, model, cores, steps, corpus, shape));
  if (!TASKSET) notes.push('taskset not found: one-thread contenders are not pinned to one core');
  if (!corpus) notes.push('corpus: random tokens (the time machine text was not found; set LSTM_LENS_CORPUS)');

  const runs = new Map<Contender, (ContenderResult & { blas?: string })[]>(contenders.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      try {
        runs.get(c)?.push(runOnce(c));
      } catch (e) {
        notes.push(`round ${round + 1}: ${(e as Error).message}`);
      }
    }
  }
  const results = contenders.flatMap((c) => {
    const rs = runs.get(c) ?? [];
    if (rs.length === 0) return [];
    const ms = rs.map((r) => r.median_ms).sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)];
    return [{ contender: c.label, threads: c.threads, ...(c.setup && { setup: c.setup }), tokens_per_s: (BATCH_SIZE * NUM_STEPS * 1000) / median, median_ms: median, peak_rss_mb: Math.max(...rs.map((r) => r.peak_rss_mb)), rounds: rs.length, ...(rs[0].blas && { blas: rs[0].blas }), ...(rs[0].note && { note: rs[0].note }) }];
  });
  /** PyTorch nn.LSTM's best on `threads` cores, over the ways of splitting them. */
  const nnLstm = (threads: number) => {
    const best = Math.max(...results.filter((r) => r.contender === 'pytorch-nn.LSTM' && r.threads === threads).map((r) => r.tokens_per_s));
    return Number.isFinite(best) ? best : undefined;
  };
  const tfjsWasm = results.find((r) => r.contender === 'tfjs-wasm')?.tokens_per_s;
  const tfjsLayers = results.find((r) => r.contender === 'tfjs-layers-wasm')?.tokens_per_s;
  const engineVsLayers = tfjsWasm && tfjsLayers ? tfjsWasm / tfjsLayers : undefined;
  const tfjsAutodiff = results.find((r) => r.contender === 'tfjs-autodiff-wasm')?.tokens_per_s;
  const fused1 = results.find((r) => r.contender === 'fused-wasm' && r.threads === 1)?.tokens_per_s;
  const fusedVsScratch = fused1 && tfjsAutodiff ? fused1 / tfjsAutodiff : undefined;
  // the spread: each round's fused figure over that round's nn.LSTM best on as many cores
  const perRound = (threads: number): number[] => {
    const fused = contenders.find((c) => c.label === 'fused-wasm' && c.threads === threads);
    const torch = contenders.filter((c) => c.label === 'pytorch-nn.LSTM' && c.threads === threads);
    const all = [fused, ...torch].map((c) => (c ? runs.get(c) ?? [] : []));
    if (!fused || torch.length === 0 || all.some((rs) => rs.length !== rounds)) return [];
    // tokens/s over tokens/s: the best (shortest) PyTorch minibatch over the fused one
    return Array.from({ length: rounds }, (_, r) => Math.min(...all.slice(1).map((rs) => rs[r].median_ms)) / all[0][r].median_ms);
  };
  const spread = [...new Set(contenders.map((c) => c.threads))].map((threads) => ({ threads, fused_vs_pytorch_lstm_by_round: perRound(threads) })).filter((s) => s.fused_vs_pytorch_lstm_by_round.length > 0);
  const rows = results.map((r) => ({ ...r, vs_pytorch_lstm: nnLstm(r.threads) && r.tokens_per_s / (nnLstm(r.threads) as number), vs_tfjs_wasm: tfjsWasm && r.tokens_per_s / tfjsWasm }));

  console.log(`d2l LSTM workload: hidden ${hidden}, batch 32, steps 35, SGD lr 1, clip 1; ${cores} cores; ${rounds} round(s), median minibatch\n`);
  const header = ['contender', 'cores', 'setup', 'tokens/s', 'ms/batch', '× nn.LSTM', '× tfjs-wasm', 'peak MB'];
  const table = rows.map((r) => [r.contender, String(r.threads), r.setup ?? '', fmt(r.tokens_per_s), fmt(r.median_ms, 1), fmt(r.vs_pytorch_lstm, 2), fmt(r.vs_tfjs_wasm, 1), fmt(r.peak_rss_mb)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [header, ...table]) console.log(row.map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  console.log('(× nn.LSTM: against PyTorch nn.LSTM\'s best on as many cores; one-core rows are pinned to one core with every thread pool at 1)');
  if (engineVsLayers !== undefined) console.log(`tf.js engine (tfjs-wasm) vs tf.layers.lstm (tfjs-layers-wasm), same WASM backend: ${fmt(engineVsLayers, 2)}× (target ≥ 2×)`);
  if (fusedVsScratch !== undefined) console.log(`fused, 1 thread, vs tf.js scratch gates by autodiff (tfjs-autodiff-wasm): ${fmt(fusedVsScratch, 1)}× (target ≥ 10×)`);
  for (const { threads, fused_vs_pytorch_lstm_by_round: by } of spread) {
    const sorted = [...by].sort((a, b) => a - b);
    console.log(`fused × nn.LSTM on ${threads} core(s), round by round: ${by.map((x) => fmt(x, 2)).join(', ')} (median ${fmt(sorted[Math.floor(sorted.length / 2)], 2)}, ${fmt(sorted[0], 2)}–${fmt(sorted[sorted.length - 1], 2)})`);
  }
  for (const r of rows) if (r.note) console.log(`${r.contender}: ${r.note}`);
  for (const note of notes) console.log(note);
  const json = JSON.stringify({ workload: { hidden, batch: 32, steps: 35, lr: 1, clip: 1 }, cores, rounds, results: rows, spread, tfjs_engine_vs_layers_wasm: engineVsLayers, fused_1t_vs_tfjs_autodiff_wasm: fusedVsScratch, notes }, null, 2);
  console.log(json);
  if (values.json) writeFileSync(values.json, json);
}

if (require.main === module) main();
