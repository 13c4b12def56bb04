/**
 * bench/scale.ts's training section: the d2l workload (batch 32, steps 35, SGD, clip 1) at
 * every model size, on the fused engine (1 thread, and all cores) beside PyTorch nn.LSTM /
 * nn.GRU (1 core, and all cores as torch 1 × BLAS N, train.ts's best split there), each
 * contender in its own process (bench/train.ts's runOnce), interleaved over rounds. The work of
 * a token is its forward multiply-adds (the backward pass is about twice as many, at every
 * size alike); a larger model's steps are fewer, so that each size takes about as long.
 */
import { availableParallelism } from 'node:os';
import type { CellKind } from '../src/core/model/config';
import { cellInfo } from '../src/core/model/cells/cellInfos';
import type { ContenderResult } from './trainContender';
import { Contender, findTorchPython, fmt, nodeContender, runOnce, torchContender } from './train';
import { printTable, times, overWork, verdict } from './scaleTable';
import { BATCH_SIZE, NUM_STEPS, corpusPath } from './workload';

export interface Shape {
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly numLayers: number;
}

/** The sizes: LSTM hidden 128–1024 by 1–3 layers, and the GRU at 256. */
export function shapes(quick: boolean): Shape[] {
  const hidden = quick ? [128, 256, 512] : [128, 256, 512, 1024];
  const layers = quick ? [1, 2] : [1, 2, 3];
  return [...layers.flatMap((numLayers) => hidden.map((hiddenSize) => ({ cell: 'lstm' as const, hiddenSize, numLayers }))), { cell: 'gru', hiddenSize: 256, numLayers: 1 }];
}

/** The d2l vocabulary (26 letters, space, <unk>). */
const VOCAB = 28;

/** Forward multiply-adds per token: every layer's gate products X W_x + H W_h, and the head H W_hq. */
export function macsPerToken(s: Shape, vocab = VOCAB): number {
  const gates = cellInfo(s.cell).gates.length;
  let macs = s.hiddenSize * vocab;
  for (let layer = 0; layer < s.numLayers; layer++) macs += gates * s.hiddenSize * ((layer === 0 ? vocab : s.hiddenSize) + s.hiddenSize);
  return macs;
}

/** The bytes a minibatch's training needs at least: weights and their gradients, and every step's traced values (gates, C, H) kept for BPTT. */
export function workBytes(s: Shape, vocab = VOCAB): number {
  const params = macsPerToken(s, vocab);
  const activations = BATCH_SIZE * NUM_STEPS * s.numLayers * s.hiddenSize * cellInfo(s.cell).traceNames.length;
  return 4 * (2 * params + activations);
}

const label = (s: Shape) => `${s.cell.toUpperCase()} ${s.hiddenSize}×${s.numLayers}`;
const shapeFlags = (s: Shape) => ['--cell', s.cell, '--hidden', String(s.hiddenSize), '--layers', String(s.numLayers)];

/** The row a size is compared with: half the width at the same depth, else one layer less; the GRU with the LSTM of its size. */
function previous(s: Shape, all: readonly Shape[]): Shape | undefined {
  const find = (cell: CellKind, hiddenSize: number, numLayers: number) => all.find((o) => o.cell === cell && o.hiddenSize === hiddenSize && o.numLayers === numLayers);
  if (s.cell !== 'lstm') return find('lstm', s.hiddenSize, s.numLayers);
  return find('lstm', s.hiddenSize / 2, s.numLayers) ?? find('lstm', s.hiddenSize, s.numLayers - 1);
}

interface Kind {
  readonly name: string;
  readonly threads: number;
  readonly make: (s: Shape, steps: number) => Contender | undefined;
}

export interface TrainRow {
  readonly shape: Shape;
  readonly macs_per_token: number;
  readonly work_mb: number;
  readonly steps: number;
  /** By contender name: tokens/s (median minibatch over the rounds) and peak RSS. */
  readonly results: Record<string, { tokens_per_s: number; peak_rss_mb: number } | undefined>;
}

/** The training section: prints its table and returns its rows. */
export function trainSection(opts: { quick: boolean; rounds: number; steps: number; torch: boolean }, notes: string[]): TrainRow[] {
  const cores = availableParallelism();
  const corpus = corpusPath();
  const python = opts.torch && corpus ? findTorchPython() : undefined;
  if (opts.torch && !python) notes.push('training: PyTorch skipped (no python3 with torch, or no corpus)');
  const kinds: Kind[] = [
    { name: 'fused 1t', threads: 1, make: (s, steps) => nodeContender('fused-wasm', 'fused', 1, steps, 1, shapeFlags(s)) },
    ...(cores > 1 ? [{ name: `fused ${cores}t`, threads: cores, make: (s: Shape, steps: number) => nodeContender('fused-wasm', 'fused', cores, steps, 1, shapeFlags(s)) }] : []),
    ...(python && corpus
      ? [
          { name: 'torch 1c', threads: 1, make: (s: Shape, steps: number) => torchContender(python, 'lstm', 1, 1, 1, steps, corpus, [...shapeFlags(s), '--warmup', '1']) },
          ...(cores > 1 ? [{ name: `torch ${cores}c`, threads: cores, make: (s: Shape, steps: number) => torchContender(python, 'lstm', cores, 1, cores, steps, corpus, [...shapeFlags(s), '--warmup', '1']) }] : []),
        ]
      : []),
  ];
  const all = shapes(opts.quick);
  const base = macsPerToken({ cell: 'lstm', hiddenSize: 256, numLayers: 1 });
  const steps = (s: Shape) => Math.max(2, Math.min(opts.steps, Math.round((opts.steps * base) / macsPerToken(s))));
  const runs = new Map<string, ContenderResult[]>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const s of all) {
      for (const k of kinds) {
        const c = k.make(s, steps(s));
        if (!c) continue;
        try {
          const key = `${label(s)}/${k.name}`;
          runs.set(key, [...(runs.get(key) ?? []), runOnce(c)]);
        } catch (e) {
          notes.push(`training ${label(s)} ${k.name}, round ${round + 1}: ${(e as Error).message}`);
        }
      }
    }
  }
  const rows: TrainRow[] = all.map((s) => ({
    shape: s,
    macs_per_token: macsPerToken(s),
    work_mb: workBytes(s) / 2 ** 20,
    steps: steps(s),
    results: Object.fromEntries(
      kinds.map((k) => {
        const rs = runs.get(`${label(s)}/${k.name}`) ?? [];
        if (rs.length === 0) return [k.name, undefined];
        const ms = rs.map((r) => r.median_ms).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
        return [k.name, { tokens_per_s: (BATCH_SIZE * NUM_STEPS * 1000) / ms, peak_rss_mb: Math.max(...rs.map((r) => r.peak_rss_mb)) }];
      }),
    ),
  }));
  printRows(rows, kinds, cores);
  return rows;
}

function printRows(rows: readonly TrainRow[], kinds: readonly Kind[], cores: number): void {
  const tps = (r: TrainRow, k: string) => r.results[k]?.tokens_per_s;
  const torchOf = (threads: number) => kinds.find((k) => k.name.startsWith('torch') && k.threads === threads)?.name;
  const header = ['model', 'MMAC/token', ...kinds.map((k) => `${k.name} tok/s`), ...kinds.filter((k) => k.name.startsWith('fused')).map((k) => `${k.name} × torch`), ...kinds.map((k) => `${k.name} MB`)];
  printTable(
    `Training, d2l workload (batch ${BATCH_SIZE}, steps ${NUM_STEPS}, SGD, clip 1), ${cores} cores, median minibatch; peak RSS of each contender's process`,
    header,
    rows.map((r) => [
      label(r.shape),
      fmt(r.macs_per_token / 1e6, 2),
      ...kinds.map((k) => fmt(tps(r, k.name))),
      ...kinds.filter((k) => k.name.startsWith('fused')).map((k) => {
        const torch = torchOf(k.threads);
        const t = torch && tps(r, torch);
        return t ? fmt((tps(r, k.name) ?? NaN) / t, 2) : '–';
      }),
      ...kinds.map((k) => fmt(r.results[k.name]?.peak_rss_mb)),
    ]),
  );
  // Growth from the size before: the time per token over the work per token, the memory over the bytes the model needs.
  const growth = rows.flatMap((r) => {
    const p = previous(r.shape, rows.map((o) => o.shape));
    const before = p && rows.find((o) => o.shape === p);
    if (!before) return [];
    const work = { from: before.macs_per_token, to: r.macs_per_token };
    const perKind = kinds.map((k) => {
      const [a, b] = [tps(before, k.name), tps(r, k.name)];
      return a && b ? overWork({ from: 1 / a, to: 1 / b }, work) : NaN;
    });
    const fusedMem = (x: TrainRow) => x.results[kinds[0].name]?.peak_rss_mb ?? NaN;
    const memory = overWork({ from: fusedMem(before), to: fusedMem(r) }, { from: before.work_mb + fusedMem(rows[0]), to: r.work_mb + fusedMem(rows[0]) });
    return [[`${label(before.shape)} → ${label(r.shape)}`, times(work.to / work.from), ...perKind.map((x) => times(x)), times(memory), verdict(Math.max(...perKind.filter(Number.isFinite), memory))]];
  });
  printTable(
    'Training growth from the size before: work ×, then each contender\'s time per token × over the work × (1: as the work; below: the larger size uses the machine better), and the fused 1-thread memory × over the bytes the model needs × (on the smallest run\'s)',
    ['step', 'work ×', ...kinds.map((k) => `${k.name} /work`), 'memory /need', ''],
    growth,
  );
}
