/**
 * `npm run bench:patterns`: LSTMVis-style pattern search (src/core/analysis/patterns) over a
 * 2,000,000-character corpus: The Time Machine (d2l tokenizer) repeated as documents until the
 * cap, read by a 1-layer LSTM at hidden 256 with random weights on the fused engine in one
 * thread (as a webview worker reads it). Prints the read's rate (characters a second), the MiB
 * the states hold, and per query span the median time of a search (target ≤ 1 s once the states
 * are read) with its ratio to the target: spans picked at random (their proposed units), and the
 * hardest single unit, the one whose runs make the most candidates.
 * Usage: node out/bench/patterns.js [--chars 2000000] [--queries 5] [--repeats 5] [--threshold 0.1]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FusedForward } from '../src/core/engine/fused/infer/fusedForward';
import { compileFusedWasm } from '../src/core/engine/fused/kernels/kernels';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import type { ModelConfig } from '../src/core/model/config';
import { initParams } from '../src/core/model/init';
import { loadCorpus } from '../src/core/text/corpus';
import { D2L_TOKENIZER } from '../src/core/text/tokenizer';
import { Rng } from '../src/core/util/rng';
import type { CorpusStates } from '../src/core/analysis/patterns/corpusStates';
import { proposeUnits } from '../src/core/analysis/patterns/proposeUnits';
import { CorpusDocument, readCorpusStates } from '../src/core/analysis/patterns/readCorpusStates';
import { searchPattern } from '../src/core/analysis/patterns/searchPattern';
import { patternCandidates } from '../src/core/analysis/patterns/patternCandidates';
import { onLevel } from '../src/core/analysis/patterns/stateLevels';
import { quantile } from './quantile';
import { HIDDEN, corpusPath } from './workload';

const TARGET_MS = 1000;
const SPAN = 5;
/** Weights at this scale (d2l's 0.01 leaves every H near 0) give units that turn on and off. */
const WEIGHT_SCALE = 0.15;

/** The states of the span's steps and the one before, as proposeUnits reads a trace. */
function spanStates(store: CorpusStates, document: number, start: number): Float32Array[] {
  return Array.from({ length: SPAN + 1 }, (_, t) => Float32Array.from({ length: store.hiddenSize }, (_, u) => store.value(document, start - 1 + t, u)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chars: { type: 'string', default: '2000000' }, queries: { type: 'string', default: '5' }, repeats: { type: 'string', default: '5' }, threshold: { type: 'string', default: '0.1' } } });
  const maxChars = Number(values.chars);
  const threshold = Number(values.threshold);
  const path = corpusPath();
  if (!path) throw new Error('The Time Machine (shared/data/timemachine.txt) is not there: set LSTM_LENS_CORPUS');
  const text = readFileSync(path, 'utf8');
  const { corpus, vocab } = loadCorpus(text, D2L_TOKENIZER);
  const copies = Math.ceil(maxChars / corpus.length);
  const documents: CorpusDocument[] = Array.from({ length: copies }, (_, i) => ({ name: `timemachine-${i + 1}.txt`, text }));
  const config: ModelConfig = { cell: 'lstm', vocabSize: vocab.size, hiddenSize: HIDDEN, numLayers: 1 };
  const forward = FusedForward.fromModule(await compileFusedWasm(loadFusedWasm()), config, initParams(config, 1, WEIGHT_SCALE));
  console.log(`corpus: The Time Machine × ${copies} (${corpus.length} characters each after d2l preprocessing), cap ${maxChars}; LSTM hidden ${HIDDEN}, 1 layer, random weights; fused engine, 1 thread`);

  const t0 = performance.now();
  let shown = 0;
  const read = await readCorpusStates(forward, { tokenizer: D2L_TOKENIZER, vocab }, documents, {
    maxChars,
    onProgress: ({ fraction }) => {
      if (fraction < shown + 0.1 && fraction < 1) return;
      shown = fraction;
      process.stdout.write(`\r  reading ${(fraction * 100).toFixed(0)}%`);
    },
  });
  const readS = (performance.now() - t0) / 1000;
  const { states } = read;
  console.log(`\nread: ${states.steps} characters in ${readS.toFixed(1)} s = ${Math.round(states.steps / readS)} characters/s; ${read.capped ? `capped at ${read.limit}` : 'whole'}; holds ${(states.bytes / 2 ** 20).toFixed(1)} MiB`);

  const repeats = Number(values.repeats);
  const medians: number[] = [];
  /** Times the search for `units` and prints its median. */
  const timeQuery = (label: string, units: readonly number[]) => {
    let matches = searchPattern(states, units, threshold, SPAN);
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const q0 = performance.now();
      matches = searchPattern(states, units, threshold, SPAN);
      times.push(performance.now() - q0);
    }
    const median = quantile(times, 0.5);
    medians.push(median);
    const top = matches[0];
    console.log(`${label}, ${units.length} units at τ = ${threshold}: ${matches.length} matches (top score ${top.score.toFixed(2)}, ${top.shared} shared, ${top.extra} extra), median ${median.toFixed(0)} ms = ${(median / TARGET_MS).toFixed(2)} × the ${TARGET_MS} ms target`);
  };
  const rng = new Rng(2);
  const queries = Number(values.queries);
  for (let found = 0, tries = 0; found < queries && tries < 1000; tries++) {
    const document = rng.int(0, states.documents.length - 1);
    const start = rng.int(1, states.documents[document].steps - SPAN);
    const units = proposeUnits(spanStates(states, document, start), { start: 1, end: SPAN + 1 }, threshold);
    if (units.length > 0) timeQuery(`query ${++found}: document ${document + 1} step ${start}`, units);
  }
  const level = onLevel(threshold);
  const runs = Array.from({ length: HIDDEN }, (_, u) => patternCandidates(states, [u], level, 1, SPAN).count);
  const hardest = runs.indexOf(Math.max(...runs));
  timeQuery(`hardest unit ${hardest} (${runs[hardest]} candidates)`, [hardest]);
  const worst = Math.max(...medians);
  console.log(`slowest median query ${worst.toFixed(0)} ms: ${(worst / TARGET_MS).toFixed(2)} × the target (≤ 1 is met)`);
  forward.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
