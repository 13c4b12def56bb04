/**
 * One contender of bench/train.ts in its own process (so its peak memory is its own): trains
 * the d2l workload for warm-up + timed minibatches and prints one JSON line with the median.
 * Usage: node out/bench/trainContender.js fused|tfjs-wasm|tfjs-cpu [--threads N] [--steps N] [--warmup N]
 */
import { parseArgs } from 'node:util';
import type { TrainEngine } from '../src/core/engine/engine';
import { initParams } from '../src/core/model/init';
import { BATCH_SIZE, NUM_STEPS, OPTIMIZER, d2lWorkload } from './workload';

export interface ContenderResult {
  contender: string;
  threads: number;
  tokens_per_s: number;
  median_ms: number;
  peak_rss_mb: number;
  final_loss: number;
}

async function createEngine(kind: string, threads: number, config: ReturnType<typeof d2lWorkload>['config']): Promise<TrainEngine> {
  const params = initParams(config, 0);
  if (kind === 'fused') {
    const { FusedEngine } = await import('../src/core/engine/fused/fusedEngine');
    const { loadFusedWasm } = await import('../src/core/engine/fused/nodeLoader');
    const { NodeFusedThreads } = await import('../src/core/engine/fused/nodeThreads');
    const pool = threads > 1 ? new NodeFusedThreads(threads - 1) : undefined;
    return FusedEngine.create({ wasm: loadFusedWasm(pool ? 'fused-threads' : 'fused'), config, params, optimizer: OPTIMIZER, threads: pool });
  }
  const backend = kind.replace(/^tfjs-/, '');
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`unknown contender ${kind}`);
  const { useBackend } = await import('../src/core/engine/tfjsBackend');
  const { TfjsEngine } = await import('../src/core/engine/tfjsEngine');
  await useBackend(backend);
  return new TfjsEngine(config, params, OPTIMIZER);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { threads: { type: 'string', default: '1' }, steps: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' } } });
  const kind = positionals[0] ?? 'fused';
  const threads = Number(values.threads);
  const workload = d2lWorkload();
  const engine = await createEngine(kind, threads, workload.config);
  const batches = workload.batches();
  const times: number[] = [];
  let loss = NaN;
  for (let i = 0; i < Number(values.warmup) + Number(values.steps); i++) {
    const batch = batches.next().value as NonNullable<ReturnType<typeof batches.next>['value']>;
    const t0 = performance.now();
    loss = (await engine.trainStep(batch, i === 0)).loss;
    if (i >= Number(values.warmup)) times.push(performance.now() - t0);
  }
  engine.dispose();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const result: ContenderResult = {
    contender: engine.name,
    threads,
    tokens_per_s: (BATCH_SIZE * NUM_STEPS * 1000) / median,
    median_ms: median,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    final_loss: loss,
  };
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().then(
    () => process.exit(0), // tf.js may keep handles open
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
