/**
 * The gate explorer's budget for a 1,000-character selection with 256 hidden units (LSTM, d2l
 * tokenizer, The Time Machine):
 *  - trace: the host's path (state warmed up on the 5,000 characters before the span, then the
 *    span traced and packed for the panel) with the fused WebAssembly tracer and with the
 *    TypeScript stepper;
 *  - frames, in a real chromium page running the panel's bundle: the work of one step change
 *    (→ key, then style and layout), and the interval between frames while playing at 60
 *    steps/s (target ≥ 30 frames/s, i.e. ≤ 33 ms per frame); and a full repaint (unit sort).
 * Usage: npm run build && node out/bench/explorer.js [hidden=256] [chars=1000]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExplorerTrace } from '../src/protocol/explorer';
import type { ModelConfig } from '../src/core/model/config';
import { initParams } from '../src/core/model/init';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { D2L_TOKENIZER, tokenize } from '../src/core/text/tokenizer';
import { Vocab } from '../src/core/text/vocab';
import { DocumentEntry, InferenceCache, RevisedModel, VersionedText } from '../src/extension/editor/inferenceCache';
import { NOT_CANCELLED } from '../src/core/infer/document/timeSlice';
import { SpanTracer } from '../src/extension/explore/spanTracer';
import { traceSpan } from '../src/extension/explore/traceSpan';
import { openExplorerPage } from './explorerPage';
import { quantile } from './quantile';

const BEFORE = 5000;
const RUNS = 7;
const STEP_SAMPLES = 300;
const PLAY_MS = 3000;
const FRAME_TARGET_MS = 1000 / 30;

const ms = (x: number) => `${x.toFixed(1).padStart(6)} ms`;

/** The host's trace of `span` RUNS times after a first run (which warms the engine up): the trace alone and with the warm-up and packing. */
export async function traceTimes(cache: InferenceCache, model: RevisedModel, doc: VersionedText, span: { start: number; end: number }, loadWasm: () => Uint8Array): Promise<{ trace: ExplorerTrace; traceMs: number[]; totalMs: number[] }> {
  const engine = await new SpanTracer(loadWasm).engineFor(model.checkpoint, model.revision);
  const traceMs: number[] = [];
  const totalMs: number[] = [];
  let last: ExplorerTrace | undefined;
  for (let i = 0; i <= RUNS; i++) {
    const entry = cache.get(doc) as DocumentEntry;
    const t0 = performance.now();
    last = await traceSpan(entry, span, engine, `bench-${i}`, NOT_CANCELLED);
    if (!last) throw new Error('the trace was cancelled');
    // the first run reads the text before the span and warms the engine up
    if (i > 0) {
      totalMs.push(performance.now() - t0);
      traceMs.push(last.traceMs);
    }
  }
  return { trace: last as ExplorerTrace, traceMs, totalMs };
}

async function main(): Promise<void> {
  const hidden = Number(process.argv[2] ?? 256);
  const chars = Number(process.argv[3] ?? 1000);
  const text = fs.readFileSync(path.resolve(__dirname, '..', '..', 'media', 'samples', 'timemachine.txt'), 'utf8').slice(0, BEFORE + chars + 200);
  const vocab = Vocab.fromTokens(tokenize(text, D2L_TOKENIZER));
  const config: ModelConfig = { cell: 'lstm', vocabSize: vocab.size, hiddenSize: hidden, numLayers: 1 };
  const model: RevisedModel = { name: 'bench', revision: 1, checkpoint: { config, tokenizer: D2L_TOKENIZER, vocab: vocab.idxToToken, params: initParams(config, 1, 0.1) } };
  const cache = new InferenceCache(() => model);
  const doc: VersionedText = { uri: 'file:///bench.txt', version: 1, getText: () => text };
  // d2l reads a run of non-letters as one space: widen the span until it holds `chars` steps.
  const entry = cache.get(doc) as DocumentEntry;
  const { starts } = entry.inference.tokens;
  const first = starts.countBelow(BEFORE);
  const span = { start: starts.at(first), end: starts.at(first + chars) };
  console.log(`LSTM hidden ${hidden}, d2l tokenizer: ${chars} steps (characters ${span.start}–${span.end}) after ${first} steps of context`);

  const fused = await traceTimes(cache, model, doc, span, loadFusedWasm);
  const plain = await traceTimes(cache, model, doc, span, () => {
    throw new Error('TypeScript engine');
  });
  const mb = (fused.trace.values.flat().reduce((n, v) => n + v.byteLength, 0) / 2 ** 20).toFixed(1);
  console.log(`trace (fused-wasm)          median ${ms(quantile(fused.traceMs, 0.5))}   with warm-up and packing ${ms(quantile(fused.totalMs, 0.5))}   (${mb} MiB of gate values)`);
  console.log(`trace (typescript)          median ${ms(quantile(plain.traceMs, 0.5))}   with warm-up and packing ${ms(quantile(plain.totalMs, 0.5))}   fused is ${(quantile(plain.traceMs, 0.5) / quantile(fused.traceMs, 0.5)).toFixed(1)}× faster`);

  const explorer = await openExplorerPage(fused.trace);
  try {
    const { page } = explorer;
    const stepMs = (await page.evaluate(`(() => {
      const out = [];
      for (let i = 0; i < ${STEP_SAMPLES}; i++) {
        const t0 = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        void document.body.offsetHeight; // style and layout of what the step changed
        out.push(performance.now() - t0);
      }
      return out;
    })()`)) as number[];
    console.log(`step change (script+layout) median ${ms(quantile(stepMs, 0.5))}   p95 ${ms(quantile(stepMs, 0.95))}   over ${STEP_SAMPLES} steps`);
    await page.selectOption('[data-testid=speed]', '60');
    await page.keyboard.press('Home');
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const stamps = [];
      const start = performance.now();
      document.querySelector('[data-testid=play]').click();
      const tick = (now) => {
        stamps.push(now);
        if (now - start < ${PLAY_MS}) requestAnimationFrame(tick);
        else {
          document.querySelector('[data-testid=play]').click();
          resolve({ stamps, steps: Number(document.querySelector('[data-testid=explorer]').dataset.step) });
        }
      };
      requestAnimationFrame(tick);
    })`)) as { stamps: number[]; steps: number };
    const intervals = frames.stamps.slice(1).map((t, i) => t - frames.stamps[i]);
    const p95 = quantile(intervals, 0.95);
    console.log(
      `frame while playing          median ${ms(quantile(intervals, 0.5))}   p95 ${ms(p95)}   = ${(1000 / quantile(intervals, 0.5)).toFixed(0)} frames/s (p95 ${(1000 / p95).toFixed(0)}); ${frames.steps} steps in ${PLAY_MS / 1000} s; target ≥ 30 frames/s ${p95 <= FRAME_TARGET_MS ? 'ok' : 'OVER'}`,
    );
    const repaint = (await page.evaluate(`(() => {
      const sort = document.querySelector('[data-testid=sort]');
      const out = [];
      for (const by of ['variance', 'mean', 'index', 'variance', 'mean', 'index']) {
        const t0 = performance.now();
        sort.value = by;
        sort.dispatchEvent(new Event('change'));
        void document.body.offsetHeight;
        out.push(performance.now() - t0);
      }
      return out;
    })()`)) as number[];
    console.log(`full repaint (unit sort)     median ${ms(quantile(repaint, 0.5))}   6 heatmaps of ${hidden} × ${chars} cells`);
  } finally {
    await explorer.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
