/**
 * Connectivity as the editor and the explorer read it: a slice of a document, from the
 * document's own state 200 tokens back, gives what the whole document read from its start gives;
 * the explorer's messages carry the same numbers and pass the panel's check; the hover names the
 * characters of highest connectivity. Without fused.wasm the engine says why, and nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { ConnectivityEngine } from '../../src/extension/editor/connectivityEngine';
import { SliceConnectivity, connectivityAt } from '../../src/extension/editor/documentConnectivity';
import { InferenceCache } from '../../src/extension/editor/inferenceCache';
import { TraceConnectivity } from '../../src/extension/explore/traceConnectivity';
import { parseHostToPanel } from '../../src/protocol/messages';
import { FOX_LINE, randomModel } from '../fixtures/editor/models';

const doc = (text: string) => ({ uri: { toString: () => 'file:///doc.txt' }, version: 1, getText: () => text });
const TEXT = FOX_LINE.repeat(12); // 528 characters
const close = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-5 * Math.max(1, Math.abs(b[i])));

for (const cell of ['lstm', 'gru'] as const) {
  test(`${cell}: a step's connectivity in the document equals the whole document's, near the start and far in`, async () => {
    const model = randomModel({ cell, hiddenSize: 16, numLayers: 2 }, TEXT);
    const entry = new InferenceCache(() => model).get(doc(TEXT));
    assert.ok(entry);
    const { config, params } = model.checkpoint;
    const whole = await FusedConnectivity.create(loadFusedWasm(), config, params);
    const ids = entry.inference.tokens.ids.toArray();
    const engine = await FusedConnectivity.create(loadFusedWasm(), config, params);
    for (const t of [0, 37, 260, TEXT.length - 2]) {
      const got = await connectivityAt(entry, engine, t, NOT_CANCELLED);
      assert.ok(got);
      assert.equal(got.t, t);
      assert.ok(close(got.byDistance, whole.ofStep(ids, t).byDistance), `t = ${t}`);
    }
    assert.equal(await connectivityAt(entry, engine, TEXT.length - 1, NOT_CANCELLED), undefined, 'the last token predicts nothing');
  });
}

test("the explorer's slice: every step of a span as the whole document gives it; its curve and messages pass the panel's check", async () => {
  const model = randomModel({ cell: 'lstm', hiddenSize: 12, numLayers: 1 }, TEXT);
  const cache = new InferenceCache(() => model);
  const entry = cache.get(doc(TEXT));
  assert.ok(entry);
  const { config, params } = model.checkpoint;
  const whole = await FusedConnectivity.create(loadFusedWasm(), config, params);
  const ids = entry.inference.tokens.ids.toArray();
  const engines = new ConnectivityEngine(() => model, () => loadFusedWasm());
  const first = 300;
  const steps = 40;
  const tc = await TraceConnectivity.open('t1', { entry, firstToken: first, steps }, engines, NOT_CANCELLED);
  assert.ok(tc);
  for (const step of [0, 17, steps - 1]) {
    const msg = parseHostToPanel(tc.stepMessage(step));
    assert.ok(msg && msg.type === 'showConnectivity', JSON.stringify(msg));
    assert.equal(msg.step, step);
    assert.ok(close(msg.byDistance, whole.ofStep(ids, first + step).byDistance), `step ${step}`);
  }
  const curve = parseHostToPanel(tc.curveMessage());
  assert.ok(curve && curve.type === 'showMemoryCurve');
  assert.equal(curve.positions, steps);
  assert.equal(curve.mean.length, 201);
  // every step of the span reaches back 200 (the span starts 300 in): the mean at k is the mean of the steps' k-th entries
  const k = 50;
  const mean = Array.from({ length: steps }, (_, s) => whole.ofStep(ids, first + s).byDistance[k]).reduce((a, b) => a + b, 0) / steps;
  assert.ok(Math.abs(curve.mean[k] - mean) <= 1e-5 * Math.max(1, mean));
  assert.equal(curve.counts[k], steps);
});

test('a span at the end of the document: its last step has no next character, and the message says so', async () => {
  const model = randomModel({ cell: 'rnn', hiddenSize: 8, numLayers: 1 }, TEXT);
  const entry = new InferenceCache(() => model).get(doc(TEXT));
  assert.ok(entry);
  const engines = new ConnectivityEngine(() => model, () => loadFusedWasm());
  const tc = await TraceConnectivity.open('t2', { entry, firstToken: TEXT.length - 5, steps: 5 }, engines, NOT_CANCELLED);
  assert.ok(tc);
  assert.equal(tc.stepMessage(3).type, 'showConnectivity');
  const last = tc.stepMessage(4);
  assert.ok(last.type === 'connectivityUnavailable' && /predicts nothing/.test(last.reason));
  const slice = await SliceConnectivity.open(entry, (await engines.forRevision(model.revision))!, 0, 3, NOT_CANCELLED);
  assert.ok(slice && slice.has(0) && slice.has(2) && !slice.has(3));
});

test('without fused.wasm the engine is unavailable and says why; a revision that is not current gets none', async () => {
  const model = randomModel({ cell: 'lstm', hiddenSize: 4, numLayers: 1 }, TEXT);
  const reasons: string[] = [];
  const engines = new ConnectivityEngine(() => model, () => {
    throw new Error('fused.wasm is missing');
  }, (r) => reasons.push(r));
  assert.equal(await engines.forRevision(model.revision), undefined);
  assert.equal(engines.unavailable, 'fused.wasm is missing');
  assert.deepEqual(reasons, ['fused.wasm is missing']);
  assert.equal(await new ConnectivityEngine(() => model, () => loadFusedWasm()).forRevision(model.revision + 1), undefined);
  const entry = new InferenceCache(() => model).get(doc(TEXT));
  assert.ok(entry);
  const tc = await TraceConnectivity.open('t3', { entry, firstToken: 0, steps: 10 }, engines, NOT_CANCELLED);
  const msg = tc?.stepMessage(0);
  assert.ok(msg?.type === 'connectivityUnavailable' && msg.reason === 'fused.wasm is missing');
});
