/**
 * bench/scale.ts's corpus section: the cost of training on a 2,000,000-character corpus beside
 * the book's ≈180,000 (hidden 256, the d2l workload). Here: loading the corpus (tokenize,
 * vocabulary, ids) and drawing one epoch's minibatches, both partitions; in the contenders' own
 * processes (bench/train.ts's runOnce, the corpus given as LSTM_LENS_CORPUS / --corpus): the
 * minibatch and the peak memory. An epoch takes its batches' time and its drawing.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minibatches, type Partition } from '../src/core/data/partition';
import { loadCorpus } from '../src/core/text/corpus';
import { D2L_TOKENIZER } from '../src/core/text/tokenizer';
import { Rng } from '../src/core/util/rng';
import { Contender, findTorchPython, fmt, nodeContender, runOnce, torchContender } from './train';
import { overWork, printTable, times, verdict } from './scaleTable';
import { bookText, scaledText } from './scaleText';
import { BATCH_SIZE, NUM_STEPS } from './workload';

export interface CorpusRow {
  readonly chars: number;
  readonly tokens: number;
  readonly load_ms: number;
  /** Drawing one epoch's minibatches, by partition. */
  readonly epoch_data_ms: Record<Partition, number>;
  readonly batches_per_epoch: number;
  /** By contender: the median minibatch, the epoch it makes, and the process's peak RSS. */
  readonly results: Record<string, { ms_per_batch: number; epoch_s: number; peak_rss_mb: number } | undefined>;
}

const BIG = 2_000_000;

/** Time of `f` in ms. */
function msOf(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** The corpus section: prints its table and returns its two rows (the book, then 2M characters). */
export function corpusSection(opts: { quick: boolean; rounds: number; steps: number; torch: boolean }, notes: string[]): CorpusRow[] {
  const book = bookText();
  const files = [join(tmpdir(), 'lstm-lens-scale-book.txt'), join(tmpdir(), `lstm-lens-scale-${BIG}.txt`)];
  const texts = [book, scaledText(BIG, book)];
  texts.forEach((t, i) => writeFileSync(files[i], t));
  const python = opts.torch ? findTorchPython() : undefined;
  const kinds: { name: string; make: (file: string) => Contender }[] = [
    { name: 'fused 1t', make: (file) => nodeContender('fused-wasm', 'fused', 1, opts.steps, 1, [], { ...process.env, LSTM_LENS_CORPUS: file }) },
    ...(python ? [{ name: 'torch 1c', make: (file: string) => torchContender(python, 'lstm', 1, 1, 1, opts.steps, file, ['--warmup', '1']) }] : []),
  ];
  const runs = new Map<string, ReturnType<typeof runOnce>[]>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, file] of files.entries()) {
      for (const k of kinds) {
        try {
          const key = `${i}/${k.name}`;
          runs.set(key, [...(runs.get(key) ?? []), runOnce(k.make(file))]);
        } catch (e) {
          notes.push(`corpus ${texts[i].length} chars, ${k.name}: ${(e as Error).message}`);
        }
      }
    }
  }
  const rows: CorpusRow[] = texts.map((text, i) => {
    let corpus: Int32Array = new Int32Array(0);
    const load_ms = msOf(() => (corpus = loadCorpus(text, D2L_TOKENIZER).corpus));
    const epoch = (p: Partition) => {
      const batches = minibatches(corpus, p, BATCH_SIZE, NUM_STEPS, new Rng(1));
      return { count: batches.count, ms: msOf(() => [...batches].length) };
    };
    const sequential = epoch('sequential');
    const batches_per_epoch = sequential.count;
    return {
      chars: text.length,
      tokens: corpus.length,
      load_ms,
      epoch_data_ms: { sequential: sequential.ms, random: epoch('random').ms },
      batches_per_epoch,
      results: Object.fromEntries(
        kinds.map((k) => {
          const rs = runs.get(`${i}/${k.name}`) ?? [];
          if (rs.length === 0) return [k.name, undefined];
          const ms = rs.map((r) => r.median_ms).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
          return [k.name, { ms_per_batch: ms, epoch_s: (batches_per_epoch * ms + sequential.ms) / 1000, peak_rss_mb: Math.max(...rs.map((r) => r.peak_rss_mb)) }];
        }),
      ),
    };
  });
  const names = kinds.map((k) => k.name);
  printTable(
    'Training corpus (LSTM 256×1, d2l workload): load, one epoch\'s minibatches drawn, the epoch\'s time (its batches at the median minibatch), the peak RSS',
    ['corpus', 'chars', 'tokens', 'load ms', 'draw seq ms', 'draw random ms', 'batches', ...names.flatMap((n) => [`${n} ms/batch`, `${n} s/epoch`, `${n} MB`])],
    rows.map((r, i) => [
      i === 0 ? 'the book' : `${fmt(BIG / 1e6, 0)}M chars`,
      fmt(r.chars),
      fmt(r.tokens),
      fmt(r.load_ms),
      fmt(r.epoch_data_ms.sequential),
      fmt(r.epoch_data_ms.random),
      fmt(r.batches_per_epoch),
      ...names.flatMap((n) => [fmt(r.results[n]?.ms_per_batch, 1), fmt(r.results[n]?.epoch_s, 1), fmt(r.results[n]?.peak_rss_mb)]),
    ]),
  );
  const [small, big] = rows;
  const work = { from: small.tokens, to: big.tokens };
  const growth = [
    ['load', overWork({ from: small.load_ms, to: big.load_ms }, work)],
    ['draw an epoch (sequential)', overWork({ from: small.epoch_data_ms.sequential, to: big.epoch_data_ms.sequential }, work)],
    ['draw an epoch (random)', overWork({ from: small.epoch_data_ms.random, to: big.epoch_data_ms.random }, work)],
    ...names.map((n) => [`${n}: an epoch`, overWork({ from: small.results[n]?.epoch_s ?? NaN, to: big.results[n]?.epoch_s ?? NaN }, work)] as const),
  ] as const;
  printTable(
    `Corpus growth, the book → ${fmt(BIG / 1e6, 0)}M characters: tokens ${times(work.to / work.from)}; each cost × over the tokens ×, and the memory each extra character takes`,
    ['cost', '/tokens', ''],
    [
      ...growth.map(([what, r]) => [what, times(r), verdict(r)]),
      ...names.map((n) => {
        const perChar = (((big.results[n]?.peak_rss_mb ?? NaN) - (small.results[n]?.peak_rss_mb ?? NaN)) * 2 ** 20) / (big.chars - small.chars);
        return [`${n}: peak memory per extra character`, `${fmt(perChar, 1)} B`, perChar > 4 * 8 ? 'more than 8 copies of the corpus as int32 ids' : 'a few copies of the corpus'];
      }),
    ],
  );
  return rows;
}
