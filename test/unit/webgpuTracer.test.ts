/**
 * The WebGPU tracer against the fused tracer: the same weights and token spans, traced in
 * headless chromium on SwiftShader (WebGPU without a GPU) and by the fused WASM tracer in Node,
 * each span from the state the previous one ended in. Every gate of every layer at every step,
 * the surprisal, the top-k tokens and probabilities, and the final state must agree within TOL.
 *
 * TOL (relative to each tensor's largest value, as fusedHelpers' relDiff and the training
 * engine's test): both compute in float32 but not in the same order (the GPU's products sum k in
 * tiles of 16, its exp is the device's, not Cephes'), each moving a value by a few float32 ulps
 * that the recurrence carries on. The surprisal and probabilities come from float32 logits by
 * the same float64 log softmax on both sides. Measured on SwiftShader over these spans: see the
 * tests' diagnostics ("max relative difference"). 1e-4 leaves room for another device's
 * rounding and is far below any error in the math (a wrong gate or a missing term moves a value
 * by more than 1e-2).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { FusedTracer } from '../../src/core/engine/fused/infer/fusedTracer';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, relDiff, testParams } from './fusedHelpers';
import { toWire } from './engineScript';
import { TraceJob, WireTrace, runTraceJob } from './traceJob';
import { WebGpuPage, noChromium, openWebGpuPage } from './webgpuPage';
import type * as PageEntry from './webgpuTracerPageEntry';

const TOL = 1e-4;

let browser: WebGpuPage | undefined;
before(async () => {
  if (!noChromium) browser = await openWebGpuPage(join(__dirname, 'webgpuTracerPageEntry.js'), 'webgpuTracerTests');
});
after(() => browser?.close());

type Page = typeof PageEntry;

function inPage<K extends keyof Page>(name: K, ...args: Parameters<Page[K]>): Promise<Awaited<ReturnType<Page[K]>>> {
  if (!browser) throw new Error('no browser');
  return browser.page.evaluate(
    ([n, a]) => ((globalThis as unknown as { webgpuTracerTests: Record<string, (...x: unknown[]) => unknown> }).webgpuTracerTests[n] as (...x: unknown[]) => unknown)(...a),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Page[K]>>>;
}

async function traceOnFused(job: TraceJob): Promise<WireTrace[]> {
  const tracer = await FusedTracer.create(fusedWasm, job.config, new Map(job.params.map(([n, v]) => [n, Float32Array.from(v)])));
  return runTraceJob(tracer, job);
}

function job(config: ModelConfig, lengths: readonly number[], seed = 4): TraceJob {
  const rng = new Rng(seed);
  const spans = lengths.map((n) => Array.from({ length: n }, () => rng.int(0, config.vocabSize - 1)));
  return { config, params: toWire(testParams(config, 2)), spans, topK: 5 };
}

/** Every tensor of `got` within TOL of `want`'s (relative to its largest value); returns the largest relative difference seen. */
function assertTracesClose(got: WireTrace[], want: WireTrace[], what: string): number {
  let worst = 0;
  const close = (a: number[], b: number[], where: string) => {
    assert.equal(a.length, b.length, `${where}: length`);
    const d = relDiff(a, b);
    worst = Math.max(worst, d);
    assert.ok(d <= TOL, `${what}, ${where}: relative difference ${d}`);
  };
  assert.equal(got.length, want.length);
  want.forEach((w, s) => {
    const g = got[s];
    assert.equal(g.steps.length, w.steps.length, `${what}, span ${s}: steps`);
    assert.deepEqual(g.steps.map((x) => x.token), w.steps.map((x) => x.token));
    close(g.steps.map((x) => x.surprisal), w.steps.map((x) => x.surprisal), `span ${s} surprisal`);
    assert.deepEqual(g.steps.map((x) => x.topK.map((p) => p.token)), w.steps.map((x) => x.topK.map((p) => p.token)), `${what}, span ${s}: top-k tokens`);
    close(g.steps.flatMap((x) => x.topK.map((p) => p.prob)), w.steps.flatMap((x) => x.topK.map((p) => p.prob)), `span ${s} top-k probabilities`);
    w.steps[0].layers.forEach((gates, layer) => {
      for (const name of Object.keys(gates)) {
        // the tensor: this gate of this layer over every step of the span
        close(g.steps.flatMap((x) => x.layers[layer][name]), w.steps.flatMap((x) => x.layers[layer][name]), `span ${s} layer ${layer} ${name}`);
      }
    });
    close(g.finalH, w.finalH, `span ${s} final H`);
    if (w.finalC) close(g.finalC ?? [], w.finalC, `span ${s} final C`);
  });
  return worst;
}

const skip = noChromium;

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  for (const numLayers of [1, 2]) {
    test(`${cell}, ${numLayers} layer(s): the WebGPU trace equals the fused tracer's, gate by gate, and continues from a state`, { skip }, async (t) => {
      // h = 10 leaves partial tiles; spans of 9, 9 and 8 tokens: the second reuses the first's plan, the third re-plans
      const config: ModelConfig = { cell, vocabSize: 11, hiddenSize: 10, numLayers };
      const j = job(config, [9, 9, 8]);
      const page = await inPage('traceOnWebGpu', j);
      assert.match(page.adapterName, /swiftshader/i);
      assert.equal(page.softwareAdapter, true, 'SwiftShader is a software adapter');
      const worst = assertTracesClose(page.traces, await traceOnFused(j), `${cell} ${numLayers} layer(s)`);
      t.diagnostic(`max relative difference ${worst.toExponential(2)}`);
    });
  }
}

test('a trace longer than a tile of rows, units and vocabulary, through two LSTM layers, equals the fused tracer', { skip }, async (t) => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 20, hiddenSize: 20, numLayers: 2 };
  const j = job(config, [40, 1], 9);
  const worst = assertTracesClose((await inPage('traceOnWebGpu', j)).traces, await traceOnFused(j), 'lstm h = 20, 40 steps');
  t.diagnostic(`max relative difference ${worst.toExponential(2)}`);
});

test('an empty span gives no steps and keeps the state', { skip }, async () => {
  const config: ModelConfig = { cell: 'gru', vocabSize: 5, hiddenSize: 4, numLayers: 2 };
  const j = job(config, [6, 0]);
  const [, empty] = (await inPage('traceOnWebGpu', j)).traces;
  const [first] = await traceOnFused(j);
  assert.equal(empty.steps.length, 0);
  assert.ok(relDiff(empty.finalH, first.finalH) <= TOL);
});

test('a token outside the vocabulary is rejected with the fused tracer\'s message', { skip }, async () => {
  const config: ModelConfig = { cell: 'rnn', vocabSize: 4, hiddenSize: 4, numLayers: 1 };
  assert.equal(await inPage('rejectedTrace', job(config, [3]), [1, 4]), 'Token id 4 is outside the vocabulary of 4');
});

test('when a GPU trace fails, the span engine tells why once and traces on its fallback from then on', { skip }, async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 6, hiddenSize: 5, numLayers: 1 };
  const j = job(config, [7]);
  const run = await inPage('traceThroughFailure', j);
  assert.deepEqual(run.engines, ['webgpu', 'typescript', 'typescript']);
  assert.equal(run.reasons.length, 1);
  assert.ok(run.reasons[0].length > 0, 'the failure has a reason');
  const [fused] = await traceOnFused(j);
  assertTracesClose([run.after], [fused], 'the fallback trace');
});
