import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../../src/core/infer/gateTrace';
import { Stepper } from '../../src/core/infer/stepper';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { InferenceCache } from '../../src/extension/editor/inferenceCache';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { exploreSpan, stepAtOffset } from '../../src/extension/explore/exploreSpan';
import { SpanTracer } from '../../src/extension/explore/spanTracer';
import { packGates, traceSpan } from '../../src/extension/explore/traceSpan';
import { FusedTracer } from '../../src/core/engine/fused/infer/fusedTracer';
import { TRACE_GATES } from '../../src/core/infer/stepper';
import { EXPLORER_TOP_K } from '../../src/protocol/explorer';
import { parseHostToPanel, parsePanelToHost } from '../../src/protocol/messages';
import { FOX_LINE, foxModel, randomModel } from '../fixtures/editor/models';

/** The thresholds of d2l's readings, as the host sends them with a trace. */
const READINGS = { forgets: 0.1, ignoresInput: 0.1, hidesMemory: 0.1 };

const doc = (text: string) => ({ uri: { toString: () => 'file:///fox.txt' }, version: 1, getText: () => text });

test('the span: the selection, else the line (the visible range when blank), else around a hovered offset, capped near the focus', () => {
  const base = { line: { start: 44, end: 87 }, visible: { start: 0, end: 132 }, maxChars: 2000 };
  assert.deepEqual(exploreSpan({ ...base, selection: { start: 50, end: 60 } }), { start: 50, end: 60, focus: 50 });
  assert.deepEqual(exploreSpan({ ...base, selection: { start: 50, end: 50 } }), { start: 44, end: 87, focus: 44 });
  assert.deepEqual(exploreSpan({ ...base, selection: { start: 50, end: 50 }, line: { start: 88, end: 88 } }), { start: 0, end: 132, focus: 0 });
  assert.deepEqual(exploreSpan({ ...base, selection: { start: 0, end: 0 }, hoverOffset: 70 }), { start: 0, end: 132, focus: 70 });
  assert.deepEqual(exploreSpan({ ...base, selection: { start: 0, end: 0 }, hoverOffset: 500, line: { start: 480, end: 520 } }), { start: 480, end: 520, focus: 500 });
  const capped = exploreSpan({ ...base, selection: { start: 0, end: 10000 }, maxChars: 1000 });
  assert.equal(capped.end - capped.start, 1000);
  assert.ok(capped.start <= capped.focus && capped.focus < capped.end);
  const late = exploreSpan({ ...base, selection: { start: 0, end: 0 }, visible: { start: 0, end: 10000 }, hoverOffset: 9000, maxChars: 1000 });
  assert.deepEqual([late.start, late.end], [8750, 9750]);
});

for (const engine of ['fused', 'typescript'] as const) {
  test(`${engine}: a traced span equals the core's trace() warmed up on the text before it`, async () => {
    const model = await foxModel();
    const cache = new InferenceCache(() => model);
    const text = FOX_LINE.repeat(3);
    const entry = cache.get(doc(text));
    assert.ok(entry);
    const tracer = new SpanTracer(engine === 'fused' ? loadFusedWasm : () => {
      throw new Error('no wasm in this test');
    });
    const spanEngine = await tracer.engineFor(model.checkpoint, model.revision);
    assert.equal(spanEngine.name, engine === 'fused' ? 'fused-wasm' : 'typescript');
    const span = { start: FOX_LINE.length, end: 2 * FOX_LINE.length - 1 };
    const got = await traceSpan(entry, span, spanEngine, 't1', NOT_CANCELLED);
    assert.ok(got);
    const { config, params } = model.checkpoint;
    const ids = entry.inference.tokens.ids.toArray();
    const warm = new Stepper(params, config).run(ids.subarray(0, FOX_LINE.length));
    const want = trace(params, config, ids.subarray(span.start, span.end), { fromState: warm });
    const T = span.end - span.start;
    const h = config.hiddenSize;
    assert.equal(got.tokens.join(''), FOX_LINE.trim());
    assert.deepEqual(Array.from(got.starts), Array.from({ length: T }, (_, t) => span.start + t));
    assert.deepEqual(got.gates, ['I', 'F', 'O', 'C_tilde', 'C', 'H']);
    assert.equal(got.values[0][0].length, T * h);
    for (let t = 0; t < T; t++) {
      got.gates.forEach((g, gi) => {
        for (let j = 0; j < h; j++) assert.ok(Math.abs(got.values[0][gi][t * h + j] - want.steps[t].layers[0][g][j]) < 1e-5, `${g}[${t}, ${j}]`);
      });
      assert.ok(Math.abs(got.surprisal[t] - want.steps[t].surprisal) < 1e-4);
      assert.equal(got.topKTokens[t * EXPLORER_TOP_K], model.checkpoint.vocab[want.steps[t].topK[0].token]);
    }
    // the model learned the line: after "the q" it expects "u"
    assert.equal(got.topKTokens[4 * EXPLORER_TOP_K], 'u');
    assert.ok(parseHostToPanel({ type: 'showTrace', trace: got, step: 0, readings: READINGS }), 'the trace passes the panel check');
  });
}

test('a two-layer GRU trace packs every layer and the protocol rejects a malformed one', async () => {
  const model = randomModel({ cell: 'gru', hiddenSize: 8, numLayers: 2 }, 'abc \n');
  const entry = new InferenceCache(() => model).get(doc('abc abc\ncab'));
  assert.ok(entry);
  const engine = await new SpanTracer(loadFusedWasm).engineFor(model.checkpoint, 1);
  const got = await traceSpan(entry, { start: 2, end: 11 }, engine, 'g', NOT_CANCELLED);
  assert.ok(got);
  assert.equal(got.values.length, 2);
  assert.deepEqual(got.gates, ['R', 'Z', 'H_tilde', 'H']);
  assert.ok(parseHostToPanel({ type: 'showTrace', trace: got, step: 3, readings: READINGS }));
  const short = { ...got, values: [got.values[0]] };
  assert.equal(parseHostToPanel({ type: 'showTrace', trace: short, step: 0, readings: READINGS }), undefined, 'one layer missing');
  const wrongType = { ...got, surprisal: Array.from(got.surprisal) };
  assert.equal(parseHostToPanel({ type: 'showTrace', trace: wrongType, step: 0, readings: READINGS }), undefined, 'numbers, not a Float32Array');
  assert.deepEqual(parseHostToPanel({ type: 'setStep', traceId: 'g', step: 2 }), { type: 'setStep', traceId: 'g', step: 2 });
  assert.equal(parseHostToPanel({ type: 'setStep', traceId: 'g', step: -1 }), undefined);
  assert.ok(parsePanelToHost({ type: 'revealOffset', uri: 'file:///a', start: 3, end: 4 }));
  assert.equal(parsePanelToHost({ type: 'revealOffset', uri: 'file:///a', start: 4, end: 3 }), undefined);
});

test('the step at an offset is the token holding it', () => {
  const starts = Int32Array.of(10, 11, 14, 15);
  assert.deepEqual([9, 10, 11, 13, 14, 40].map((o) => stepAtOffset(starts, o)), [-1, 0, 1, 1, 2, 3]);
});

test('the readings thresholds a trace travels with are each in [0, 0.5]', async () => {
  const model = randomModel({ cell: 'lstm', hiddenSize: 3, numLayers: 1 }, 'abc');
  const entry = new InferenceCache(() => model).get(doc('abcab'));
  assert.ok(entry);
  const engine = await new SpanTracer(loadFusedWasm).engineFor(model.checkpoint, 1);
  const got = await traceSpan(entry, { start: 0, end: 5 }, engine, 'r', NOT_CANCELLED);
  assert.ok(got && parseHostToPanel({ type: 'showTrace', trace: got, step: 0, readings: READINGS }));
  for (const bad of [{ ...READINGS, forgets: 0.6 }, { ...READINGS, ignoresInput: -0.1 }, { forgets: 0.1, ignoresInput: 0.1 }, { ...READINGS, hidesMemory: NaN }]) {
    assert.equal(parseHostToPanel({ type: 'showTrace', trace: got, step: 0, readings: bad }), undefined, JSON.stringify(bad));
    assert.equal(parseHostToPanel({ type: 'setReadings', readings: bad }), undefined, JSON.stringify(bad));
  }
});

test("packGates hands on the fused tracer's time-major buffers as they are and copies the stepper's records, with the same numbers", async () => {
  const model = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 2 }, 'abc \n');
  const { config, params } = model.checkpoint;
  const ids = Int32Array.from([1, 2, 3, 4, 1, 2, 3, 0, 2]);
  const fused = (await FusedTracer.create(loadFusedWasm(), config, params)).trace(ids);
  const plain = trace(params, config, ids);
  const [got, want] = [packGates(fused), packGates(plain)];
  for (let layer = 0; layer < 2; layer++) {
    TRACE_GATES.lstm.forEach((name, g) => {
      assert.equal(got[layer][g].buffer, fused.steps[0].layers[layer][name].buffer, `layer ${layer} ${name}: not copied again`);
      assert.notEqual(want[layer][g].buffer, plain.steps[0].layers[layer][name].buffer, `layer ${layer} ${name}: the stepper's records packed`);
      assert.equal(got[layer][g].length, ids.length * 8);
      for (let i = 0; i < ids.length * 8; i++) assert.ok(Math.abs(got[layer][g][i] - want[layer][g][i]) < 1e-5, `layer ${layer} ${name}[${i}]`);
    });
  }
});
