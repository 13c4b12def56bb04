/**
 * `npm run bench:patternsChunks`: how long one chunk of the pattern search's corpus read keeps
 * the extension host busy, per chunk size. The host reads on its own event loop and yields
 * between chunks (readCorpusStates), so a chunk's time is how long the host cannot answer
 * anything else (a hover, a keystroke's completion): the target is at most 50 ms, the response
 * budget of RAIL. The Time Machine (d2l tokenizer) as documents, 16 read side by side, a 1-layer
 * LSTM at hidden 256 with random weights on the fused engine in one thread, as the host reads.
 * Prints per chunk size the median and longest chunk (after the first, which also tokenizes
 * every document and allocates the columns: printed apart, it grows with the corpus) and the read's rate; the host's
 * HOST_CHUNK_STEPS (src/extension/patterns/keptStates.ts) is the largest size within the target.
 * Usage: node out/bench/patternsChunks.js [--chars 400000] [--sizes 16,32,64,128,256]
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
import { readCorpusStates, type CorpusDocument } from '../src/core/analysis/patterns/readCorpusStates';
import { HOST_CHUNK_STEPS } from '../src/extension/patterns/keptStates';
import { quantile } from './quantile';
import { HIDDEN, corpusPath } from './workload';

const TARGET_MS = 50;
/** Documents per copy of the corpus (copies until the cap): enough of them that 16 lanes are full. */
const PIECES = 32;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { chars: { type: 'string', default: '400000' }, sizes: { type: 'string', default: '16,32,64,128,256' } } });
  const maxChars = Number(values.chars);
  const path = corpusPath();
  if (!path) throw new Error('The Time Machine (shared/data/timemachine.txt) is not there: set LSTM_LENS_CORPUS');
  const text = readFileSync(path, 'utf8');
  const { vocab } = loadCorpus(text, D2L_TOKENIZER);
  const piece = Math.ceil(text.length / PIECES);
  const copies = Math.ceil(maxChars / text.length);
  const documents: CorpusDocument[] = Array.from({ length: copies * PIECES }, (_, i) => ({ name: `timemachine-${i + 1}.txt`, text: text.slice((i % PIECES) * piece, ((i % PIECES) + 1) * piece) }));
  const config: ModelConfig = { cell: 'lstm', vocabSize: vocab.size, hiddenSize: HIDDEN, numLayers: 1 };
  const forward = FusedForward.fromModule(await compileFusedWasm(loadFusedWasm()), config, initParams(config, 1, 0.15));
  console.log(`The Time Machine × ${copies} in ${copies * PIECES} documents, up to ${maxChars} characters; LSTM hidden ${HIDDEN}, 1 layer; fused engine, 1 thread; target ≤ ${TARGET_MS} ms a chunk`);
  for (const chunkSteps of values.sizes.split(',').map(Number)) {
    const chunks: number[] = [];
    let last = performance.now();
    const t0 = last;
    const read = await readCorpusStates(forward, { tokenizer: D2L_TOKENIZER, vocab }, documents, {
      maxChars,
      chunkSteps,
      onProgress: () => {
        const now = performance.now();
        chunks.push(now - last);
        last = now;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    // the first interval is the read's set-up: tokenizing every document and allocating the columns
    const setup = chunks.shift() ?? 0;
    const longest = Math.max(...chunks);
    const mark = chunkSteps === HOST_CHUNK_STEPS ? '  (the host’s HOST_CHUNK_STEPS)' : '';
    console.log(
      `chunk ${String(chunkSteps).padStart(4)} steps: median ${quantile(chunks, 0.5).toFixed(1)} ms, longest ${longest.toFixed(1)} ms = ${(longest / TARGET_MS).toFixed(2)} × the target; set-up and first chunk ${setup.toFixed(0)} ms; ${Math.round(read.states.steps / seconds)} characters/s${mark}`,
    );
  }
  forward.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
