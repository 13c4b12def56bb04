/**
 * `npm run bench:shards`: the d2l workload (bench/workload.ts) on the fused engine with each
 * batch split by message over 1, 2, 3, ... workers, as the panel's worker splits it (the pool
 * of MessageShardPool, here on Node worker threads instead of Web Workers). The counts are
 * interleaved over rounds, so background load hits them alike; the figure is the median
 * minibatch over all rounds, with its speed-up over one worker. Then the probe itself
 * (chooseEngine over the fused engine alone and every count shardWorkerCounts finds worth
 * trying on this machine's cores): what it timed, what it picked and why.
 * `--cores` tells the probe another count of cores than this machine's (to watch it stop where
 * adding workers stops paying, on a machine with fewer cores than it is told).
 * Usage: node out/bench/shards.js [--workers 1,2,3,5] [--rounds 5] [--steps 10] [--cores n] [--json out.json]
 */
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chooseEngine } from '../src/core/engine/chooseEngine';
import type { TrainEngine } from '../src/core/engine/engine';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { MessageShardPool } from '../src/core/engine/fused/threads/messageShardPool';
import { messageShardCandidates } from '../src/core/engine/fused/threads/shardCandidates';
import { FusedEngine, fusedEngineName } from '../src/core/engine/fused/train/fusedEngine';
import type { Minibatch } from '../src/core/data/minibatch';
import { initParams } from '../src/core/model/init';
import { shardWorker } from '../test/unit/shardWorkerThread';
import { quantile } from './quantile';
import { BATCH_SIZE, NUM_STEPS, OPTIMIZER, d2lWorkload } from './workload';

const wasm = loadFusedWasm('fused');
const { config, batches } = d2lWorkload();
const initial = initParams(config, 1);

/** The fused engine with `pool` (none: the engine alone, the webview's 'fused-wasm'). */
function fused(pool?: MessageShardPool): Promise<TrainEngine> {
  return FusedEngine.create({ wasm, config, params: initial, optimizer: OPTIMIZER, threads: pool });
}

function workersEngine(workers: number): Promise<TrainEngine> {
  return fused(workers > 1 ? new MessageShardPool(Array.from({ length: workers - 1 }, () => shardWorker())) : undefined);
}

/** Milliseconds a minibatch over `steps` minibatches in a row, the state carried. */
async function timeSteps(engine: TrainEngine, next: () => Minibatch, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await engine.trainStep(next(), false);
  return (performance.now() - t0) / steps;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string', default: '1,2,3,5' }, rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '10' }, cores: { type: 'string' }, json: { type: 'string' } } });
  const counts = (values.workers ?? '').split(',').map(Number).filter((n) => n >= 1);
  const rounds = Number(values.rounds);
  const steps = Number(values.steps);
  const cores = availableParallelism();
  const probeCores = values.cores === undefined ? cores : Number(values.cores);
  const it = batches();
  const next = () => it.next().value as Minibatch;
  const engines = await Promise.all(counts.map(workersEngine));
  const ms: number[][] = counts.map(() => []);
  try {
    for (const e of engines) await e.trainStep(next(), true); // warm-up: first use of each worker's kernels
    for (let r = 0; r < rounds; r++) {
      // alternate the order each round: A B C, C B A, ...
      const order = counts.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) ms[i].push(await timeSteps(engines[i], next, steps));
    }
  } finally {
    for (const e of engines) e.dispose();
  }
  const median = ms.map((xs) => quantile(xs, 0.5));
  const base = median[counts.indexOf(1)] ?? median[0];
  const results = counts.map((workers, i) => ({
    engine: fusedEngineName(workers - 1, workers > 1 ? 'w' : 't'),
    workers,
    median_ms: median[i],
    tokens_per_s: (BATCH_SIZE * NUM_STEPS * 1000) / median[i],
    speedup_vs_1: base / median[i],
  }));
  console.log(`d2l LSTM workload: hidden 256, batch ${BATCH_SIZE}, steps ${NUM_STEPS}; ${cores} cores; ${rounds} rounds of ${steps} minibatches, median minibatch\n`);
  console.log(['engine'.padEnd(16), 'workers', '   ms', ' tokens/s', '× 1 worker'].join('  '));
  for (const r of results) console.log([r.engine.padEnd(16), String(r.workers).padStart(7), r.median_ms.toFixed(1).padStart(5), r.tokens_per_s.toFixed(0).padStart(9), r.speedup_vs_1.toFixed(2).padStart(10)].join('  '));

  // The probe as the panel's worker runs it, on this machine's cores.
  const candidates = [{ name: fusedEngineName(0, 't'), create: () => fused() }, ...messageShardCandidates({ cores: probeCores, rows: BATCH_SIZE, startWorker: () => shardWorker(), create: fused })];
  const choice = await chooseEngine(candidates, next());
  choice.engine.dispose();
  console.log(`\nprobe told of ${probeCores} cores: picked ${choice.engine.name}; timed ${Object.entries(choice.stepMs).map(([e, t]) => `${e} ${t.toFixed(1)} ms`).join(', ')}`);
  for (const s of choice.skipped) console.log(`  ${s.engine}: ${s.reason}`);
  const json = JSON.stringify({ workload: { hidden: 256, batch: BATCH_SIZE, steps: NUM_STEPS }, cores, rounds, steps, results, probe: { cores: probeCores, picked: choice.engine.name, stepMs: choice.stepMs, skipped: choice.skipped } }, null, 2);
  console.log(json);
  if (values.json) writeFileSync(values.json, json);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
