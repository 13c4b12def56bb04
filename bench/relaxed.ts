/**
 * `npm run bench:relaxed`: the fused engine's plain SIMD build against its relaxed-SIMD build
 * (f32x4.relaxed_madd: a fused multiply-add on CPUs with FMA), paired A/B on the d2l workload
 * (batch 32, steps 35, SGD) at each hidden size, one thread pinned to one core. Each build runs
 * in its own trainContender process (--wasm plain|relaxed); a round runs both, in alternating
 * order (plain first in odd rounds, relaxed first in even ones), so drift and background load hit
 * them alike. Prints per hidden size each build's median tokens/s over the rounds, and the
 * relaxed/plain ratio of each round's pair: its median and its spread (lowest to highest).
 * On a CPU without FMA (or one whose V8 lowers relaxed_madd to a multiply and an add) the ratio
 * is near 1: the build exists for cores where the fused instruction is cheaper.
 * Usage: node out/bench/relaxed.js [--rounds 5] [--steps 30] [--warmup 3] [--hidden 256,512] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fmt, nodeContender, runOnce } from './train';
import { quantile } from './quantile';
import { BATCH_SIZE, NUM_STEPS } from './workload';

const BUILDS = ['plain', 'relaxed'] as const;
type Build = (typeof BUILDS)[number];

interface PairRow {
  readonly hidden: number;
  readonly rounds: number;
  readonly plain_tokens_per_s: number;
  readonly relaxed_tokens_per_s: number;
  /** relaxed / plain tokens/s of each round's pair. */
  readonly ratios: readonly number[];
  readonly ratio_median: number;
  readonly ratio_min: number;
  readonly ratio_max: number;
}

/** Both builds once at `hidden`, in `order`: tokens/s by build. */
function pair(hidden: number, order: readonly Build[], steps: number, warmup: number): Record<Build, number> {
  const got = {} as Record<Build, number>;
  for (const build of order) {
    const c = nodeContender(`fused-wasm ${build}`, 'fused', 1, steps, warmup, ['--hidden', String(hidden), '--wasm', build]);
    got[build] = runOnce(c).tokens_per_s;
  }
  return got;
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' }, hidden: { type: 'string', default: '256,512' }, json: { type: 'string' } } });
  const rounds = Number(values.rounds);
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  const hiddens = values.hidden.split(',').map(Number);
  for (const [name, v] of [['rounds', rounds], ['steps', steps], ...hiddens.map((h): [string, number] => ['hidden', h])] as [string, number][]) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} takes whole numbers of at least 1, not ${v}`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup takes a whole number, not ${warmup}`);
  console.log(`fused engine, plain SIMD vs relaxed SIMD: d2l LSTM workload (batch ${BATCH_SIZE}, steps ${NUM_STEPS}, SGD), 1 thread; ${rounds} paired round(s) of ${steps} timed minibatches after ${warmup} warm-up\n`);
  const rows: PairRow[] = [];
  for (const hidden of hiddens) {
    const runs: Record<Build, number>[] = [];
    for (let round = 0; round < rounds; round++) runs.push(pair(hidden, round % 2 === 0 ? BUILDS : [...BUILDS].reverse(), steps, warmup));
    const ratios = runs.map((r) => r.relaxed / r.plain);
    rows.push({
      hidden,
      rounds,
      plain_tokens_per_s: quantile(runs.map((r) => r.plain), 0.5),
      relaxed_tokens_per_s: quantile(runs.map((r) => r.relaxed), 0.5),
      ratios,
      ratio_median: quantile(ratios, 0.5),
      ratio_min: Math.min(...ratios),
      ratio_max: Math.max(...ratios),
    });
  }
  console.log('| hidden | plain SIMD tokens/s | relaxed SIMD tokens/s | relaxed / plain (median, lowest–highest) |');
  console.log('|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.hidden} | ${fmt(r.plain_tokens_per_s)} | ${fmt(r.relaxed_tokens_per_s)} | ${fmt(r.ratio_median, 3)} (${fmt(r.ratio_min, 3)}–${fmt(r.ratio_max, 3)}) |`);
  console.log(`\n${JSON.stringify(rows)}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
