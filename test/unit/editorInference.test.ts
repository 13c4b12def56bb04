import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../../src/core/infer/gateTrace';
import { generate } from '../../src/core/infer/sampling';
import { stepModelFor, type StepModel } from '../../src/core/infer/stepModel';
import { D2L_TOKENIZER, decode, encode } from '../../src/core/text/tokenizer';
import { DocumentInference } from '../../src/core/infer/document/documentInference';
import { documentTokens } from '../../src/core/text/documentTokens';
import { continueAt } from '../../src/extension/editor/continuation';
import { editorStepModel } from '../../src/extension/editor/editorStepModel';
import { MIN_SPLIT_SEGMENTS } from '../../src/core/engine/fused/infer/forwardSplit';
import type { FusedStepModel } from '../../src/core/engine/fused/infer/fusedStepModel';
import { DocumentEntry, InferenceCache, RevisedModel } from '../../src/extension/editor/inferenceCache';
import { NOT_CANCELLED, type Cancellation } from '../../src/core/infer/document/timeSlice';
import { FOX_LINE, foxModel, handleOf, randomModel } from '../fixtures/editor/models';
import { counting } from '../fixtures/editor/counting';
import { initParams } from '../../src/core/model/init';

const TEXT = 'the "time" traveller (for so it will be convenient to speak of him) was expounding 42 matters\n'.repeat(3);

test('a step asked of the document is the step trace() computes, in any order, across checkpoints', async () => {
  const model = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 2 }, TEXT);
  const handle = handleOf(model);
  const tokens = documentTokens(TEXT, handle.tokenizer, handle.vocab);
  const reference = trace(model.checkpoint.params, model.checkpoint.config, tokens.ids.toArray());
  const doc = new DocumentInference(handle.model, tokens);
  assert.equal(doc.interval, 32);
  for (const t of [250, 3, 31, 32, 33, 100, 0, tokens.ids.length - 1]) {
    const step = await doc.stepAt(t, NOT_CANCELLED);
    const want = reference.steps[t];
    assert.equal(step?.token, want.token);
    assert.ok(Math.abs((step?.surprisal ?? NaN) - want.surprisal) < 1e-9, `surprisal at ${t}`);
    assert.deepEqual(step?.topK.map((c) => c.token), want.topK.map((c) => c.token));
    assert.deepEqual(step?.layers, want.layers);
  }
});

test('a new version keeps the checkpoints before its first changed token and gives fresh numbers after it', async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 1 }, TEXT + 'X');
  const handle = handleOf(saved);
  const { model, steps } = counting(handle.model);
  const v1 = new DocumentInference(model, documentTokens(TEXT, handle.tokenizer, handle.vocab));
  await v1.stateBefore(v1.length, NOT_CANCELLED);
  assert.equal(steps(), v1.length);
  const edited = TEXT.slice(0, 200) + 'X' + TEXT.slice(200);
  const v2 = new DocumentInference(model, documentTokens(edited, handle.tokenizer, handle.vocab), v1);
  const before = steps();
  const step = await v2.stepAt(250, NOT_CANCELLED);
  assert.equal(steps() - before, 250 - 192 + 1, 'from the checkpoint before token 192, the last one before the edit at 200');
  assert.deepEqual(step?.layers, trace(saved.checkpoint.params, saved.checkpoint.config, v2.tokens.ids.range(0, 251)).steps[250].layers);
});

test('cancelling a walk stops it within the interval it is reading and keeps the checkpoints it saved', async () => {
  const handle = handleOf(randomModel({ cell: 'lstm', hiddenSize: 64, numLayers: 1 }, TEXT));
  const { model, steps } = counting(handle.model);
  const doc = new DocumentInference(model, documentTokens(TEXT.repeat(8), handle.tokenizer, handle.vocab));
  const cancel = { isCancellationRequested: false };
  const told: number[] = [];
  assert.equal(await doc.walk(0, doc.length, cancel, (t) => void (told.push(t), t === 500 && (cancel.isCancellationRequested = true))), undefined);
  const stopped = steps();
  assert.ok(stopped <= 512, `stopped after ${stopped} tokens`);
  assert.equal(told.at(-1), 500, 'no step is told after the cancellation');
  await doc.stateBefore(520, NOT_CANCELLED);
  assert.equal(steps() - stopped, 520 - Math.floor(stopped / 32) * 32, 'resumes from the last checkpoint it reached');
  const cancelled: Cancellation = { isCancellationRequested: true };
  assert.equal(await doc.stepAt(10, cancelled), undefined);
});

test('a long walk lets the event loop run between slices', async () => {
  // ~3,400 tokens at hidden 256 on the float64 Stepper: hundreds of milliseconds on any machine, so many slices.
  // Counted in event-loop turns, not milliseconds, so a fast or a loaded machine passes alike.
  const handle = handleOf(randomModel({ cell: 'lstm', hiddenSize: 256, numLayers: 1 }, TEXT));
  const doc = new DocumentInference(handle.model, documentTokens(TEXT.repeat(12), handle.tokenizer, handle.vocab));
  let turns = 0;
  let walking = true;
  const tick = (): void => {
    turns++;
    if (walking) setImmediate(tick);
  };
  setImmediate(tick);
  await doc.stateBefore(doc.length, NOT_CANCELLED);
  walking = false;
  assert.ok(turns >= 3, `the event loop ran ${turns} turns during the walk`);
});

test("a unit's values are H, or tanh(C), after each token", async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 6, numLayers: 2 }, TEXT);
  const handle = handleOf(saved);
  const doc = new DocumentInference(handle.model, documentTokens(TEXT, handle.tokenizer, handle.vocab));
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());
  const h = (await doc.unitValues({ layer: 1, kind: 'H', unit: 4 }, 40, 90, NOT_CANCELLED))?.toArray();
  const c = (await doc.unitValues({ layer: 0, kind: 'C', unit: 2 }, 10, 20, NOT_CANCELLED))?.toArray();
  for (let t = 40; t < 90; t++) assert.ok(Math.abs((h?.[t] ?? NaN) - reference.steps[t].layers[1].H[4]) < 1e-6);
  for (let t = 10; t < 20; t++) assert.ok(Math.abs((c?.[t] ?? NaN) - Math.tanh(reference.steps[t].layers[0].C[2])) < 1e-6);
  assert.ok(Number.isNaN(c?.[100] ?? 0), 'values outside the range asked are not computed');
});

test('ghost text: the trained fox model continues the line greedily, as predict_ch8 does', async () => {
  const model = await foxModel();
  const handle = handleOf(model);
  const text = FOX_LINE.repeat(3) + 'the quick ';
  const entry = InferenceCache.read('doc', 1, text, handle);
  const options = { length: 60, temperature: 0, stopAtLineEnd: true, seed: 1 };
  assert.equal(await continueAt(entry, text.length, options, NOT_CANCELLED), 'brown fox jumps over the lazy dog');
  const all = await continueAt(entry, text.length, { ...options, length: 40, stopAtLineEnd: false }, NOT_CANCELLED);
  const prefix = Array.from(encode(text, handle.tokenizer, handle.vocab));
  const predict = generate(model.checkpoint.params, model.checkpoint.config, prefix, 40);
  assert.equal(all, decode(predict.tokens.slice(prefix.length), handle.vocab));
  assert.match(all ?? '', /dog\nthe qu/);
  const sampled = (seed: number) => continueAt(entry, text.length, { ...options, temperature: 1, seed }, NOT_CANCELLED);
  assert.equal(await sampled(5), await sampled(5), 'the same seed gives the same sample');
  assert.equal(await continueAt(entry, 0, options, NOT_CANCELLED), '', 'nothing before the cursor: nothing to continue');
});

test('the cache reuses an entry per version, rebases a new version, restarts on a new model, reports <unk> characters', async () => {
  let model = randomModel({ cell: 'lstm', hiddenSize: 4, numLayers: 1 }, 'abc ', D2L_TOKENIZER);
  const unknown: string[] = [];
  const cache = new InferenceCache(() => model, (uri, u) => void unknown.push(`${uri}:${u.count}`));
  let text = 'abc abd';
  const doc = { uri: 'file:///a.txt', version: 1, getText: () => text };
  const e1 = cache.get(doc) as DocumentEntry;
  assert.equal(cache.get(doc), e1);
  assert.deepEqual(unknown, ['file:///a.txt:1'], 'd is not in the vocabulary');
  text = 'abc abc';
  const e2 = cache.get({ ...doc, version: 2 }) as DocumentEntry;
  assert.notEqual(e2, e1);
  assert.equal(e2.inference.tokens.unknown.count, 0);
  model = { ...model, revision: 2 };
  const e3 = cache.get({ ...doc, version: 2 }) as DocumentEntry;
  assert.notEqual(e3.handle, e2.handle);
  const none = new InferenceCache(() => undefined);
  assert.equal(none.get(doc), undefined, 'no model: nothing to compute');
});

test('the cache disposes the step model of a model revision it moves past, and its own on dispose', () => {
  let model = randomModel({ cell: 'rnn', hiddenSize: 4, numLayers: 1 }, 'abc ', D2L_TOKENIZER);
  const disposed: number[] = [];
  const cache = new InferenceCache(
    () => model,
    undefined,
    (saved) => {
      const revision = model.revision;
      return Object.assign(stepModelFor(saved), { dispose: () => void disposed.push(revision) });
    },
  );
  cache.model();
  model = { ...model, revision: 2 };
  cache.model();
  assert.deepEqual(disposed, [1]);
  cache.dispose();
  assert.deepEqual(disposed, [1, 2]);
});

test("a newer checkpoint of the same shape reloads the editor's fused model in place, and its values are the new weights'", async () => {
  const first = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 2 }, TEXT);
  let current: RevisedModel = first;
  const made: StepModel[] = [];
  const cache = new InferenceCache(
    () => current,
    undefined,
    (saved) => {
      const m = editorStepModel(saved, (reason) => assert.fail(`no fused step model: ${reason}`), 1);
      made.push(m);
      return m;
    },
  );
  const before = cache.model()?.model;
  const { config } = first.checkpoint;
  current = { ...first, revision: 2, checkpoint: { ...first.checkpoint, params: initParams(config, 99, 0.5) } };
  const doc = { uri: 'file:///t.txt', version: 1, getText: () => TEXT };
  const entry = cache.get(doc);
  assert.ok(entry);
  assert.equal(entry.handle.model, before, 'the same model, reloaded');
  assert.equal(made.length, 1);
  const want = trace(current.checkpoint.params, config, entry.inference.tokens.ids.toArray());
  const got = await entry.inference.unitValues({ layer: 1, kind: 'H', unit: 3 }, 0, entry.inference.length, NOT_CANCELLED);
  near(got?.toArray() ?? [], want.steps.map((s) => s.layers[1].H[3]), 'H after the reload');
  current = randomModel({ cell: 'gru', hiddenSize: 8, numLayers: 1 }, TEXT, undefined, 3);
  assert.notEqual(cache.model()?.model, before, 'another shape: a new model');
  assert.equal(made.length, 2);
  cache.dispose();
});

/** The editor's fused step model for `model`, counting its side-by-side reads. */
function fusedCounting(model: RevisedModel): { model: StepModel; batches: number[] } {
  return counting(editorStepModel(model.checkpoint, (reason) => assert.fail(`no fused step model: ${reason}`)));
}

const near = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let j = 0; j < b.length; j++) assert.ok(Math.abs(a[j] - b[j]) < 1e-5, `${what}[${j}]: ${a[j]} vs ${b[j]}`);
};

test('on the fused step model, the intervals between existing checkpoints are read side by side, with the values of trace()', async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 16, numLayers: 2 }, TEXT);
  const handle = handleOf(saved);
  const { model, batches } = fusedCounting(saved);
  const doc = new DocumentInference(model, documentTokens(TEXT.repeat(3), handle.tokenizer, handle.vocab));
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());
  const end = await doc.stateBefore(doc.length, NOT_CANCELLED);
  near(end?.h ?? [], reference.finalState.h, 'H at the end');
  assert.ok(batches.every((b) => b === 1), 'no checkpoints ahead on the first read: one interval after another');
  batches.length = 0;
  const told: number[] = [];
  const h = (await doc.unitValues({ layer: 1, kind: 'H', unit: 5 }, 40, 700, NOT_CANCELLED))?.toArray();
  await doc.walk(40, 700, NOT_CANCELLED, (t, gatesOf) => {
    told.push(t);
    for (let layer = 0; layer < 2; layer++) {
      for (const [name, want] of Object.entries(reference.steps[t].layers[layer])) near(gatesOf(layer)[name], want, `step ${t} layer ${layer} ${name}`);
    }
  });
  assert.ok(Math.max(...batches) > 1, `batches of ${batches.join(', ')} intervals`);
  assert.deepEqual(told, Array.from({ length: 660 }, (_, i) => 40 + i), 'every step told once, in order');
  for (let t = 40; t < 700; t++) assert.ok(Math.abs((h?.[t] ?? NaN) - reference.steps[t].layers[1].H[5]) < 1e-5, `H at ${t}`);
});

test('on the fused step model, an edit keeps the checkpoints before it and the numbers after it are fresh', async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 16, numLayers: 1 }, TEXT + 'X');
  const handle = handleOf(saved);
  const { model } = fusedCounting(saved);
  const v1 = new DocumentInference(model, documentTokens(TEXT.repeat(3), handle.tokenizer, handle.vocab));
  (await v1.unitValues({ layer: 0, kind: 'C', unit: 3 }, 0, v1.length, NOT_CANCELLED))?.toArray();
  const edited = TEXT.repeat(3).slice(0, 300) + 'X' + TEXT.repeat(3).slice(300);
  const v2 = new DocumentInference(model, documentTokens(edited, handle.tokenizer, handle.vocab), v1);
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, v2.tokens.ids.toArray());
  const c = (await v2.unitValues({ layer: 0, kind: 'C', unit: 3 }, 250, 600, NOT_CANCELLED))?.toArray();
  for (let t = 250; t < 600; t++) assert.ok(Math.abs((c?.[t] ?? NaN) - Math.tanh(reference.steps[t].layers[0].C[3])) < 1e-5, `tanh(C) at ${t}`);
  for (const t of [299, 300, 301, 450, v2.length - 1]) {
    const step = await v2.stepAt(t, NOT_CANCELLED);
    for (const [name, want] of Object.entries(reference.steps[t].layers[0])) near(step?.layers[0][name] ?? [], want, `step ${t} ${name}`);
  }
  const end = await v2.stateBefore(v2.length, NOT_CANCELLED);
  near(end?.c ?? [], reference.finalState.c ?? [], 'C at the end');
});

test('cancelling a walk that reads intervals side by side stops telling steps and leaves correct numbers', async () => {
  const saved = randomModel({ cell: 'gru', hiddenSize: 16, numLayers: 1 }, TEXT);
  const handle = handleOf(saved);
  const { model, batches } = fusedCounting(saved);
  const doc = new DocumentInference(model, documentTokens(TEXT.repeat(3), handle.tokenizer, handle.vocab));
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());
  await doc.stateBefore(doc.length, NOT_CANCELLED);
  batches.length = 0;
  const cancel = { isCancellationRequested: false };
  const told: number[] = [];
  const ref = { layer: 0, kind: 'H' as const, unit: 7 };
  const walked = await doc.walk(0, 800, cancel, (t) => void (told.push(t), t === 400 && (cancel.isCancellationRequested = true)));
  assert.equal(walked, undefined);
  assert.equal(told.at(-1), 400, 'no step is told after the cancellation');
  assert.ok(Math.max(...batches) > 1, `batches of ${batches.join(', ')} intervals`);
  const h = (await doc.unitValues(ref, 0, 800, NOT_CANCELLED))?.toArray();
  for (let t = 0; t < 800; t++) assert.ok(Math.abs((h?.[t] ?? NaN) - reference.steps[t].layers[0].H[7]) < 1e-5, `H at ${t}`);
});

test("on the editor's threaded step model, a unit's values are the Stepper's", async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 16, numLayers: 2 }, TEXT);
  const handle = handleOf(saved);
  const threaded = editorStepModel(saved.checkpoint, (reason) => assert.fail(`no threaded step model: ${reason}`), 2) as FusedStepModel;
  try {
    assert.equal(await threaded.threadsStarted, 2);
    const { model, batches } = counting(threaded);
    const tokens = documentTokens(TEXT.repeat(6), handle.tokenizer, handle.vocab);
    const doc = new DocumentInference(model, tokens);
    const stepped = new DocumentInference(handle.model, tokens);
    await doc.stateBefore(doc.length, NOT_CANCELLED);
    batches.length = 0;
    for (const ref of [{ layer: 1, kind: 'H' as const, unit: 5 }, { layer: 0, kind: 'C' as const, unit: 2 }]) {
      const got = (await doc.unitValues(ref, 10, doc.length, NOT_CANCELLED))?.toArray();
      const want = (await stepped.unitValues(ref, 10, doc.length, NOT_CANCELLED))?.toArray();
      near(got?.subarray(10) ?? [], want?.subarray(10) ?? [], `${ref.layer}:${ref.kind}:${ref.unit}`);
    }
    assert.ok(Math.max(...batches) >= MIN_SPLIT_SEGMENTS, `batches of ${batches.join(', ')} intervals: none split`);
  } finally {
    threaded.dispose();
  }
});
