/**
 * Edge cases of the state donors (src/core/infer/document/stateDonor.ts) and of the reads that take
 * them over (src/core/infer/document/documentInference.ts): every number an edited version gives is
 * compared with trace() of its text, or a fresh read of it, within 1e-5 where an adoption may
 * have happened and exactly where none can.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace, type GateTrace } from '../../src/core/infer/gateTrace';
import type { InferState } from '../../src/core/infer/inferState';
import { stepModelFor, type StepModel } from '../../src/core/infer/stepModel';
import type { CellKind } from '../../src/core/model/config';
import type { FusedStepModel } from '../../src/core/engine/fused/infer/fusedStepModel';
import { DocumentInference, MAX_CHECKPOINTS } from '../../src/core/infer/document/documentInference';
import { documentTokens } from '../../src/core/text/documentTokens';
import { editorStepModel } from '../../src/extension/editor/editorStepModel';
import type { ModelHandle, RevisedModel } from '../../src/extension/editor/inferenceCache';
import { type Checkpoint, MAX_DONORS } from '../../src/core/infer/document/stateDonor';
import { NOT_CANCELLED, Pace, TimeSlice, type Cancellation } from '../../src/core/infer/document/timeSlice';
import { counting } from '../fixtures/editor/counting';
import { handleOf, randomModel } from '../fixtures/editor/models';

const LINE = 'the "time" traveller (for so it will be convenient to speak of him) was expounding 42 matters\n';
const TEXT = LINE.repeat(24); // 2,256 characters, one token each
const TOL = 1e-5;
/** trace() keeps its gates in float32: a float64 state is that close to them where it is exactly trace()'s. */
const FLOAT32 = 1e-7;

/** A random model that forgets (LSTM: F ≈ 0.12; GRU: Z ≈ 0.12; RNN: small recurrent weights), so an edit's effect fades. */
function forgetting(cell: CellKind = 'lstm', numLayers = 2, hiddenSize = 16): RevisedModel {
  const saved = randomModel({ cell, hiddenSize, numLayers }, TEXT + 'XYZ');
  for (let layer = 0; layer < numLayers; layer++) {
    const p = (name: string) => saved.checkpoint.params.get(`l${layer}.${name}`) as Float32Array;
    if (cell === 'lstm') p('b_f').fill(-2);
    if (cell === 'gru') p('b_z').fill(-2);
    if (cell === 'rnn') p('W_hh').forEach((w, i, all) => (all[i] = w * 0.3));
  }
  return saved;
}

/** A random LSTM that never forgets (F = I = σ(30) = 1): an edit is remembered to the end. */
function remembering(): RevisedModel {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 16, numLayers: 2 }, TEXT + 'XYZ');
  for (const layer of [0, 1]) {
    (saved.checkpoint.params.get(`l${layer}.b_f`) as Float32Array).fill(30);
    (saved.checkpoint.params.get(`l${layer}.b_i`) as Float32Array).fill(30);
  }
  return saved;
}

/** The model most tests share (its probes and handle are kept once). */
const LSTM2 = forgetting();

const handles = new WeakMap<RevisedModel, ModelHandle>();
function handle(saved: RevisedModel): ModelHandle {
  let h = handles.get(saved);
  if (!h) handles.set(saved, (h = handleOf(saved)));
  return h;
}

function docOf(model: StepModel, saved: RevisedModel, text: string, previous?: DocumentInference): DocumentInference {
  const { tokenizer, vocab } = handle(saved);
  return new DocumentInference(model, documentTokens(text, tokenizer, vocab), previous);
}

const referenceOf = (saved: RevisedModel, doc: DocumentInference): GateTrace => trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());

/** The state before token t by trace() (after its step t − 1), layer-major as InferState. */
function stateFrom(reference: GateTrace, t: number): { h: number[]; c?: number[] } {
  const { numLayers, hiddenSize, cell } = reference.config;
  if (t === 0) return cell === 'lstm' ? { h: new Array(numLayers * hiddenSize).fill(0), c: new Array(numLayers * hiddenSize).fill(0) } : { h: new Array(numLayers * hiddenSize).fill(0) };
  const layers = reference.steps[t - 1].layers;
  const h = layers.flatMap((l) => Array.from(l.H));
  return cell === 'lstm' ? { h, c: layers.flatMap((l) => Array.from(l.C)) } : { h };
}

function assertStateNear(got: InferState | undefined, want: { h: ArrayLike<number>; c?: ArrayLike<number> }, tol: number, what: string): void {
  assert.ok(got, `${what}: no state`);
  assert.equal(got.h.length, want.h.length, `${what}: H size`);
  for (let i = 0; i < want.h.length; i++) assert.ok(Math.abs(got.h[i] - want.h[i]) <= tol, `${what}: H[${i}] ${got.h[i]} vs ${want.h[i]}`);
  assert.equal(got.c === undefined, want.c === undefined, `${what}: C present`);
  if (got.c && want.c) for (let i = 0; i < want.c.length; i++) assert.ok(Math.abs(got.c[i] - want.c[i]) <= tol * Math.max(1, Math.abs(want.c[i])), `${what}: C[${i}] ${got.c[i]} vs ${want.c[i]}`);
}

/** Step t asked of `doc` against trace(): every gate within `tol`, or exactly (tol 0: the same float32 numbers). */
async function assertStep(doc: DocumentInference, reference: GateTrace, t: number, tol: number, what = ''): Promise<void> {
  const step = await doc.stepAt(t, NOT_CANCELLED);
  assert.ok(step, `${what} step ${t}: cancelled`);
  const want = reference.steps[t];
  assert.equal(step.token, want.token, `${what} step ${t}: token`);
  if (tol === 0) {
    assert.deepEqual(step.layers, want.layers, `${what} step ${t}: gates`);
    assert.ok(Math.abs(step.surprisal - want.surprisal) < 1e-9, `${what} step ${t}: surprisal`);
    return;
  }
  step.layers.forEach((layer, k) => {
    for (const [name, values] of Object.entries(layer)) {
      const w = want.layers[k][name];
      for (let u = 0; u < w.length; u++) assert.ok(Math.abs(values[u] - w[u]) <= tol * Math.max(1, Math.abs(w[u])), `${what} step ${t} layer ${k} ${name}[${u}]: ${values[u]} vs ${w[u]}`);
    }
  });
  assert.ok(Math.abs(step.surprisal - want.surprisal) <= 10 * tol, `${what} step ${t}: surprisal ${step.surprisal} vs ${want.surprisal}`);
}

type UnitKind = 'H' | 'C';
const valueOf = (reference: GateTrace, t: number, ref: { layer: number; kind: UnitKind; unit: number }): number => {
  const v = reference.steps[t].layers[ref.layer][ref.kind][ref.unit];
  return ref.kind === 'C' ? Math.tanh(v) : v;
};

function assertValues(values: { at(t: number): number | undefined } | undefined, reference: GateTrace, ref: { layer: number; kind: UnitKind; unit: number }, from: number, to: number, tol: number, what = ''): void {
  assert.ok(values, `${what}: cancelled`);
  for (let t = from; t < to; t++) {
    const want = valueOf(reference, t, ref);
    assert.ok(Math.abs((values.at(t) ?? NaN) - want) <= tol, `${what} ${ref.layer}:${ref.kind}:${ref.unit} at ${t}: ${values.at(t)} vs ${want}`);
  }
}

const checkpointsOf = (doc: DocumentInference): readonly Checkpoint[] => (doc as unknown as { checkpoints: readonly Checkpoint[] }).checkpoints;
const donorsOf = (doc: DocumentInference): readonly unknown[] => (doc as unknown as { donors: readonly unknown[] }).donors;

/** The checkpoints' bookkeeping: from 0, strictly increasing, none past the end, each state trace()'s within `tol`. */
function assertCheckpoints(doc: DocumentInference, reference: GateTrace | undefined, tol: number, what = ''): void {
  const all = checkpointsOf(doc);
  assert.equal(all[0].at, 0, `${what}: the first checkpoint is at 0`);
  for (let i = 1; i < all.length; i++) assert.ok(all[i].at > all[i - 1].at, `${what}: checkpoints ${all[i - 1].at}, ${all[i].at} not increasing`);
  assert.ok(doc.checkpointed <= doc.length, `${what}: checkpointed ${doc.checkpointed} past the end ${doc.length}`);
  assert.equal(doc.checkpointed, all[all.length - 1].at);
  if (reference) for (const c of all) assertStateNear(c.state, stateFrom(reference, c.at), tol, `${what} checkpoint at ${c.at}`);
}

/** Replaces `proto[name]` by `value` for the duration of `f`. */
async function withMethod<T>(proto: object, name: string, value: () => unknown, f: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(proto, name) as PropertyDescriptor;
  Object.defineProperty(proto, name, { ...original, value });
  try {
    return await f();
  } finally {
    Object.defineProperty(proto, name, original);
  }
}

/** Sets `Pace.items` (how much each read takes) for the duration of `f`, so the reads' shapes do not depend on the clock. */
const withPace = <T>(items: number, f: () => Promise<T>): Promise<T> => withMethod(Pace.prototype, 'items', () => items, f);

/** Every time-slice check says the slice is spent, so that concurrent reads interleave at every turn. */
const withSlicesAlwaysDue = <T>(f: () => Promise<T>): Promise<T> => withMethod(TimeSlice.prototype, 'due', () => true, f);

const H3 = { layer: 1, kind: 'H' as const, unit: 3 };
const C5 = { layer: 0, kind: 'C' as const, unit: 5 };

/** v1 of TEXT read to the end (with `units` tracked), on a counting Stepper. */
async function readFirst(saved: RevisedModel, text = TEXT, units: { layer: number; kind: UnitKind; unit: number }[] = []) {
  const counted = counting(stepModelFor(saved.checkpoint));
  const v1 = docOf(counted.model, saved, text);
  for (const u of units) (await v1.unitValues(u, 0, v1.length, NOT_CANCELLED))?.toArray();
  await v1.stateBefore(v1.length, NOT_CANCELLED);
  return { ...counted, v1 };
}

// ---------------------------------------------------------------------------------------------
// Where the edit is

test('an edit at token 0 (a character typed, the first one deleted): every number is trace()\'s, the donors met after the edit', async () => {
  const saved = LSTM2;
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3, C5]); // an earlier version is only read from
  for (const edited of ['Z' + TEXT, 'XY' + TEXT.slice(5)]) {
    const v2 = docOf(model, saved, edited, v1);
    const before = steps();
    const h = (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray();
    assert.ok(steps() - before <= 4 * 32 + 8, `read ${steps() - before} tokens of ${v2.length}`);
    const reference = referenceOf(saved, v2);
    assertValues(h, reference, H3, 0, v2.length, TOL, JSON.stringify(edited.slice(0, 4)));
    assertValues((await v2.unitValues(C5, 0, v2.length, NOT_CANCELLED))?.toArray(), reference, C5, 0, v2.length, TOL);
    for (const t of [0, 1, 31, 32, 33, 700, v2.length - 1]) await assertStep(v2, reference, t, TOL);
    assertStateNear(await v2.stateBefore(v2.length, NOT_CANCELLED), reference.finalState, TOL, 'the end');
    assertCheckpoints(v2, reference, TOL);
  }
});

test('an edit at the very end (typed, deleted): the checkpoints before it are kept and the numbers are exactly trace()\'s', async () => {
  const saved = LSTM2;
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
  for (const edited of [TEXT + 'Zq', TEXT.slice(0, -40), TEXT.slice(0, 2240) + 'Z']) {
    const v2 = docOf(model, saved, edited, v1);
    const before = steps();
    const h = (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray();
    assert.ok(steps() - before <= 32 + 2, `read ${steps() - before} tokens`);
    const reference = referenceOf(saved, v2);
    for (let t = 0; t < v2.length; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3], `H at ${t}`);
    for (const t of [0, 2200, v2.length - 1]) await assertStep(v2, reference, t, 0);
    await v2.stateBefore(v2.length, NOT_CANCELLED);
    assertCheckpoints(v2, reference, FLOAT32, `${edited.length} characters`);
  }
});

test('deleting the whole text, then typing a new one: nothing is read for the empty version, and the new one is exactly trace()\'s', async () => {
  const saved = LSTM2;
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
  const empty = docOf(model, saved, '', v1);
  const before = steps();
  assert.equal(empty.length, 0);
  assert.equal(empty.checkpointed, 0);
  assertStateNear(await empty.stateBefore(0, NOT_CANCELLED), stateFrom(referenceOf(saved, empty), 0), 0, 'the empty text');
  assert.equal(((await empty.unitValues(H3, 0, 0, NOT_CANCELLED))?.toArray())?.length, 0);
  assert.equal(await empty.walk(0, 0, NOT_CANCELLED, () => assert.fail('no step to tell')).then((s) => s !== undefined), true);
  assert.equal(steps(), before, 'nothing read');
  assertCheckpoints(empty, undefined, 0);
  for (const typed of ['t', LINE, TEXT.slice(0, 1000)]) {
    const v3 = docOf(model, saved, typed, empty);
    const h = (await v3.unitValues(H3, 0, v3.length, NOT_CANCELLED))?.toArray();
    const reference = referenceOf(saved, v3);
    for (let t = 0; t < v3.length; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3], `H at ${t} of ${v3.length}`);
    await assertStep(v3, reference, v3.length - 1, 0);
    assertCheckpoints(v3, reference, FLOAT32);
  }
});

test('replacing everything: with another text nothing is reused (exact); with the same text but its first character, the earlier read is met (1e-5)', async () => {
  const saved = LSTM2;
  {
    const { model, v1 } = await readFirst(saved, TEXT, [H3]);
    const other = 'a glittering metallic framework, scarcely larger than a small clock, and very delicately made.\n'.repeat(20);
    const v2 = docOf(model, saved, other, v1);
    const h = (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray();
    const reference = referenceOf(saved, v2);
    for (let t = 0; t < v2.length; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3], `H at ${t}`);
    for (const t of [0, 500, v2.length - 1]) await assertStep(v2, reference, t, 0);
    assertCheckpoints(v2, reference, FLOAT32);
  }
  {
    const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
    const v2 = docOf(model, saved, 'X' + TEXT.slice(1), v1);
    const before = steps();
    const h = (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray();
    assert.ok(steps() - before <= 4 * 32, `read ${steps() - before} tokens`);
    const reference = referenceOf(saved, v2);
    assertValues(h, reference, H3, 0, v2.length, TOL);
    assertCheckpoints(v2, reference, TOL);
  }
});

test('an undo back to a text read before: the states meet exactly and every number is exactly trace()\'s', async () => {
  const saved = LSTM2;
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
  const v2 = docOf(model, saved, TEXT.slice(0, 700) + 'XYZ' + TEXT.slice(700), v1);
  await v2.stepAt(705, NOT_CANCELLED);
  const v3 = docOf(model, saved, TEXT, v2);
  const before = steps();
  const h = (await v3.unitValues(H3, 0, v3.length, NOT_CANCELLED))?.toArray();
  assert.ok(steps() - before <= 2 * 32, `read ${steps() - before} tokens`);
  const reference = referenceOf(saved, v3);
  for (let t = 0; t < v3.length; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3], `H at ${t}`);
  for (const t of [699, 700, 704, 1500, v3.length - 1]) await assertStep(v3, reference, t, 0);
});

test('an edit inside the region a donor piece covers (three versions, one read): the pieces before and after it are both met', async () => {
  const saved = LSTM2;
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
  const t2 = TEXT.slice(0, 1000) + 'X' + TEXT.slice(1000);
  const v2 = docOf(model, saved, t2, v1); // not read
  const t3 = t2.slice(0, 1500) + 'YY' + t2.slice(1510);
  const v3 = docOf(model, saved, t3, v2);
  const before = steps();
  const h = (await v3.unitValues(H3, 0, v3.length, NOT_CANCELLED))?.toArray();
  assert.ok(steps() - before <= 2 * (4 * 32 + 32), `read ${steps() - before} tokens of ${v3.length}`);
  const reference = referenceOf(saved, v3);
  assertValues(h, reference, H3, 0, v3.length, TOL);
  for (const t of [999, 1000, 1001, 1200, 1499, 1500, 1502, v3.length - 1]) await assertStep(v3, reference, t, TOL);
  assertCheckpoints(v3, reference, TOL);
  // the edit in the middle of v2's donor, asked far past both edits first
  const v4 = docOf(model, saved, t3.slice(0, 1200) + 'Q' + t3.slice(1200), v3);
  const reference4 = referenceOf(saved, v4);
  await assertStep(v4, reference4, 2000, TOL);
  assertValues((await v4.unitValues(H3, 1100, 1400, NOT_CANCELLED))?.toArray(), reference4, H3, 1100, 1400, TOL);
  assertCheckpoints(v4, reference4, TOL);
});

test('an edit that leaves the document shorter than the donors\' checkpoints: none is kept past the end, and the numbers are trace()\'s', async () => {
  const saved = LSTM2;
  const { model, v1 } = await readFirst(saved, TEXT, [H3]);
  const t2 = TEXT.slice(0, 500) + 'X' + TEXT.slice(500);
  const v2 = docOf(model, saved, t2, v1); // its donor: v1's checkpoints to 2,241
  for (const t3 of [t2.slice(0, 1000), t2.slice(0, 800) + t2.slice(2100), t2.slice(0, 490) + t2.slice(2200), t2.slice(0, 505)]) {
    const v3 = docOf(model, saved, t3, v2);
    const reference = referenceOf(saved, v3);
    assertValues((await v3.unitValues(H3, 0, v3.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, v3.length, TOL, `${t3.length}`);
    assertStateNear(await v3.stateBefore(v3.length, NOT_CANCELLED), reference.finalState, TOL, `${t3.length}: the end`);
    assertCheckpoints(v3, reference, TOL, `${t3.length}`);
    await assertStep(v3, reference, v3.length - 1, TOL, `${t3.length}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Many edits

/** `count` characters typed 100 tokens apart, from `first` on (step > 0) or down from it (step < 0), no read between. */
function editsApart(text: string, count: number, first: number, step: number): string[] {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = first + i * step;
    text = text.slice(0, at) + 'Y' + text.slice(at);
    texts.push(text);
  }
  return texts;
}

test(`more than MAX_DONORS (${MAX_DONORS}) pieces after many edits before any read: the numbers are still trace()'s`, async () => {
  const saved = LSTM2;
  const long = LINE.repeat(40);
  const { model, v1 } = await readFirst(saved, long, [H3]);
  for (const [first, step] of [[100, 100], [3500, -130]] as const) {
    let doc = v1;
    for (const text of editsApart(long, 20, first, step)) doc = docOf(model, saved, text, doc);
    assert.ok(donorsOf(doc).length <= MAX_DONORS);
    const reference = referenceOf(saved, doc);
    assertValues((await doc.unitValues(H3, 0, doc.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, doc.length, TOL, `from ${first} by ${step}`);
    assertCheckpoints(doc, reference, TOL, `from ${first} by ${step}`);
  }
});

test(`more than MAX_DONORS (${MAX_DONORS}) pieces after edits at increasing places: the piece reaching the end is not the one dropped`, async () => {
  // 17 characters typed 100 tokens apart down the text: 17 pieces of v1's read, the last one from
  // the last edit to the end. Dropping it re-reads the whole rest of the text.
  const saved = LSTM2;
  const long = LINE.repeat(40); // 3,760 tokens
  const { model, steps, v1 } = await readFirst(saved, long);
  let doc = v1;
  for (const text of editsApart(long, MAX_DONORS + 1, 100, 100)) doc = docOf(model, saved, text, doc);
  const before = steps();
  await doc.stateBefore(doc.length, NOT_CANCELLED);
  const read = steps() - before;
  const lastEdit = 100 + MAX_DONORS * 100;
  assert.ok(read <= lastEdit + 4 * 32, `read ${read} of ${doc.length} tokens; past the last edit at ${lastEdit}, v1's read should be met within a few intervals`);
});

// ---------------------------------------------------------------------------------------------
// Walks across an adoption

const TYPED_AT_300 = TEXT.slice(0, 300) + 'X' + TEXT.slice(300);
const typedAt300Probe = new WeakMap<RevisedModel, { adoptedAt: number; reference: GateTrace; first: Awaited<ReturnType<typeof readFirst>> }>();

/**
 * v1 of TEXT read (H3 tracked; one per model: a newer version only reads from it), v2 = a
 * character typed at 300, not read yet; where v2 takes v1's read over (found once per model on
 * another v2 read to the end) and trace() of v2.
 */
async function typedAt300(saved: RevisedModel) {
  let probe = typedAt300Probe.get(saved);
  if (!probe) {
    const first = await readFirst(saved, TEXT, [H3]);
    const p2 = docOf(first.model, saved, TYPED_AT_300, first.v1);
    await p2.stateBefore(p2.length, NOT_CANCELLED);
    // v1's checkpoints are at 32k, so v2's donor positions are 32k + 1
    const adoptedAt = checkpointsOf(p2).find((c) => c.at % 32 === 1)?.at ?? Infinity;
    assert.ok(adoptedAt < 500, `the edit's effect fades: adopted at ${adoptedAt}`);
    typedAt300Probe.set(saved, (probe = { adoptedAt, reference: referenceOf(saved, p2), first }));
  }
  const { adoptedAt, reference, first } = probe;
  return { ...first, v2: docOf(first.model, saved, TYPED_AT_300, first.v1), adoptedAt, reference };
}

test('a walk with a visitor across an adoption point tells every step once, in order, from `from` to `to`, with trace()\'s gates', async () => {
  const saved = LSTM2;
  for (const [from, to] of [[0, 1200], [290, 400], [350, 2256], [1000, 1100]] as const) {
    const { v2, adoptedAt, reference } = await typedAt300(saved);
    const told: number[] = [];
    const end = await v2.walk(from, Math.min(to, v2.length), NOT_CANCELLED, (t, gatesOf) => {
      told.push(t);
      for (let layer = 0; layer < 2; layer++) {
        for (const [name, want] of Object.entries(reference.steps[t].layers[layer])) {
          const got = gatesOf(layer)[name];
          for (let u = 0; u < want.length; u++) assert.ok(Math.abs(got[u] - want[u]) <= TOL * Math.max(1, Math.abs(want[u])), `[${from}, ${to}) step ${t} ${layer} ${name}[${u}]`);
        }
      }
    });
    const stop = Math.min(to, v2.length);
    assert.deepEqual(told, Array.from({ length: stop - from }, (_, i) => from + i), `[${from}, ${to}): every step once, in order`);
    assertStateNear(end, stateFrom(reference, stop), TOL, `[${from}, ${to}): the state at the end`);
    if (to > adoptedAt) assert.ok(v2.checkpointed > adoptedAt, `[${from}, ${to}): adopted at ${adoptedAt}, checkpointed ${v2.checkpointed}`);
    assertCheckpoints(v2, reference, TOL);
  }
});

test('a walk with a visitor, many steps a read (in whole intervals side by side), across an adoption: each step once, in order', async () => {
  const saved = LSTM2;
  for (const items of [1, 31, 32, 33, 100, 5000]) {
    const { v2, reference } = await typedAt300(saved);
    await v2.stateBefore(1000, NOT_CANCELLED); // some adopted (irregular) checkpoints ahead of the walk
    const told: number[] = [];
    await withPace(items, () => v2.walk(200, v2.length, NOT_CANCELLED, (t, gatesOf) => {
      told.push(t);
      const want = reference.steps[t].layers[1].H;
      const got = gatesOf(1).H;
      for (let u = 0; u < want.length; u++) assert.ok(Math.abs(got[u] - want[u]) <= TOL, `pace ${items}: step ${t} H[${u}]`);
    }));
    assert.deepEqual(told, Array.from({ length: v2.length - 200 }, (_, i) => 200 + i), `pace ${items}`);
  }
});

test('a walk cancelled right after an adoption (at the first step told past it, or at the last step before it) leaves correct checkpoints and values', async () => {
  const saved = LSTM2;
  for (const when of ['after', 'before'] as const) {
    const { v2, adoptedAt, reference } = await typedAt300(saved);
    const cancel = { isCancellationRequested: false };
    const told: number[] = [];
    const cancelAt = when === 'after' ? adoptedAt : adoptedAt - 1;
    const walked = await v2.walk(0, v2.length, cancel, (t) => {
      told.push(t);
      if (t === cancelAt) cancel.isCancellationRequested = true;
    });
    assert.equal(walked, undefined, `${when}: cancelled`);
    assert.equal(told.at(-1), cancelAt, `${when}: no step told after the cancel`);
    assert.deepEqual(told, Array.from({ length: told.length }, (_, i) => i), `${when}: in order`);
    if (when === 'after') assert.ok(v2.checkpointed > adoptedAt, `adopted at ${adoptedAt} before the cancel`);
    assertCheckpoints(v2, reference, TOL, when);
    assertValues((await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, v2.length, TOL, when);
    assertStateNear(await v2.stateBefore(v2.length, NOT_CANCELLED), reference.finalState, TOL, `${when}: the end`);
    assertCheckpoints(v2, reference, TOL, when);
  }
});

test('values asked with a cancellation that comes at any point of the read, then asked again, are trace()\'s', async () => {
  const saved = LSTM2;
  for (const after of [1, 2, 3, 5, 8, 13, 40]) {
    const { v2, reference } = await typedAt300(saved);
    let checks = 0;
    const cancel: Cancellation = {
      get isCancellationRequested() {
        return ++checks > after;
      },
    };
    await withPace(40, () => v2.unitValues(C5, 200, v2.length, cancel));
    assertCheckpoints(v2, reference, TOL, `cancelled after ${after} checks`);
    assertValues((await v2.unitValues(C5, 0, v2.length, NOT_CANCELLED))?.toArray(), reference, C5, 0, v2.length, TOL, `cancelled after ${after} checks`);
  }
});

test('stepAt at exactly a donor checkpoint position (the first read of the new version, and after it), and around it', async () => {
  const saved = LSTM2;
  const { v2, adoptedAt, steps, reference } = await typedAt300(saved);
  const before = steps();
  await assertStep(v2, reference, adoptedAt, TOL, 'first');
  assert.ok(steps() - before <= adoptedAt - 288 + 1, `read ${steps() - before} tokens`);
  assert.ok(v2.checkpointed > adoptedAt, 'adopted there');
  for (const t of [adoptedAt - 1, adoptedAt, adoptedAt + 1, adoptedAt + 32, adoptedAt + 33]) await assertStep(v2, reference, t, TOL, 'again');
  // a donor position the states do not meet at yet (the first after the edit): exactly trace()'s
  const { v2: fresh } = await typedAt300(saved);
  await assertStep(fresh, reference, 321, 0, 'before the states meet');
  await assertStep(fresh, reference, 320, 0, 'before the states meet');
});

test('unit values for a track created after the edit (the donor has none): read across the adopted checkpoints, trace()\'s', async () => {
  const saved = LSTM2;
  const fresh = { layer: 0, kind: 'H' as const, unit: 9 };
  for (const first of ['h3', 'fresh'] as const) {
    const { v2, steps, reference } = await typedAt300(saved);
    if (first === 'h3') assertValues((await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, v2.length, TOL);
    const before = steps();
    const values = (await v2.unitValues(fresh, 0, v2.length, NOT_CANCELLED))?.toArray();
    assertValues(values, reference, fresh, 0, v2.length, TOL, `after ${first}`);
    assert.ok(steps() - before <= v2.length + 64, `read ${steps() - before}`);
    assertValues((await v2.unitValues(C5, 100, 900, NOT_CANCELLED))?.toArray(), reference, C5, 100, 900, TOL, `after ${first}`);
    assertCheckpoints(v2, reference, TOL);
  }
});

test('after an adoption the intervals are irregular (1 token, 32, 33 …): read in lock-step at any pace, the values are trace()\'s', async () => {
  const saved = LSTM2;
  for (const items of [32, 70, 320, 64 * 32, 100_000]) {
    const { v2, reference } = await typedAt300(saved);
    await v2.stateBefore(v2.length, NOT_CANCELLED);
    const gaps = new Set(checkpointsOf(v2).slice(1).map((c, i) => c.at - checkpointsOf(v2)[i].at));
    assert.ok(gaps.size > 1, `irregular intervals: ${[...gaps].join(', ')}`);
    const fresh = { layer: 1, kind: 'C' as const, unit: 11 };
    assertValues(await withPace(items, () => v2.unitValues(fresh, 0, v2.length, NOT_CANCELLED)), reference, fresh, 0, v2.length, TOL, `pace ${items}`);
    assertValues(await withPace(items, () => v2.unitValues(H3, 250, 1300, NOT_CANCELLED)), reference, H3, 250, 1300, TOL, `pace ${items}`);
  }
});

test('reads that interleave at every time slice (a walk, values, a state) across an adoption each get trace()\'s numbers', async () => {
  const saved = LSTM2;
  const { v2, reference } = await typedAt300(saved);
  const told: number[] = [];
  const [h, walked, end, c] = await withSlicesAlwaysDue(() =>
    withPace(40, () =>
      Promise.all([
        v2.unitValues(H3, 280, 1800, NOT_CANCELLED),
        v2.walk(290, 1200, NOT_CANCELLED, (t) => void told.push(t)),
        v2.stateBefore(v2.length, NOT_CANCELLED),
        v2.unitValues(C5, 0, 700, NOT_CANCELLED),
      ]),
    ),
  );
  assertValues(h, reference, H3, 280, 1800, TOL);
  assertValues(c, reference, C5, 0, 700, TOL);
  assert.deepEqual(told, Array.from({ length: 910 }, (_, i) => 290 + i));
  assertStateNear(walked, stateFrom(reference, 1200), TOL, 'the walk');
  assertStateNear(end, reference.finalState, TOL, 'the end');
  assertCheckpoints(v2, reference, TOL);
});

test('an earlier version read on after the new one was made: what it adds is right for it, and the new version stays trace()\'s', async () => {
  const saved = LSTM2;
  const { model, v1 } = await readFirst(saved, TEXT.slice(0, 1200), [H3]);
  const v2 = docOf(model, saved, TEXT, v1); // v1 read 1,200 tokens; v2 extends it
  const v3 = docOf(model, saved, TEXT.slice(0, 100) + 'X' + TEXT.slice(100), v2);
  (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray(); // v3's donor reads on after v3 was made
  const reference = referenceOf(saved, v3);
  assertValues((await v3.unitValues(H3, 0, v3.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, v3.length, TOL);
  assertCheckpoints(v3, reference, TOL);
});

// ---------------------------------------------------------------------------------------------
// Models

test('a previous version read by another model is not reused: the new one reads from 0, exactly', async () => {
  const saved = LSTM2;
  const { v1 } = await readFirst(saved, TEXT, [H3]);
  const { model, steps } = counting(stepModelFor(saved.checkpoint)); // the same weights, another step model
  const v2 = docOf(model, saved, TEXT.slice(0, 300) + 'X' + TEXT.slice(300), v1);
  assert.equal(v2.checkpointed, 0);
  assert.equal(donorsOf(v2).length, 0);
  const h = (await v2.unitValues(H3, 0, 200, NOT_CANCELLED))?.toArray();
  assert.equal(steps(), 200, 'read from 0: no value, no checkpoint taken over');
  const reference = referenceOf(saved, v2);
  for (let t = 0; t < 200; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3]);
  await v2.stateBefore(v2.length, NOT_CANCELLED);
  assert.equal(steps(), 200 + v2.length - 192, 'on from its own checkpoint before 200');
  assertCheckpoints(v2, reference, FLOAT32);
});

for (const [cell, numLayers] of [['gru', 1], ['gru', 2], ['rnn', 1], ['rnn', 2], ['lstm', 1]] as const) {
  test(`${cell}, ${numLayers} layer(s): an edit is met and taken over, and every number is trace()'s`, async () => {
    const saved = forgetting(cell, numLayers, 12);
    const ref = { layer: numLayers - 1, kind: 'H' as const, unit: 7 };
    const { model, steps, v1 } = await readFirst(saved, TEXT, [ref]);
    const v2 = docOf(model, saved, TEXT.slice(0, 300) + 'X' + TEXT.slice(300), v1);
    const before = steps();
    const values = (await v2.unitValues(ref, 0, v2.length, NOT_CANCELLED))?.toArray();
    const read = steps() - before;
    assert.ok(read < v2.length - 300, `read ${read}: met`);
    const reference = referenceOf(saved, v2);
    assertValues(values, reference, ref, 0, v2.length, TOL);
    for (const t of [299, 300, 301, 700, v2.length - 1]) await assertStep(v2, reference, t, TOL);
    const end = await v2.stateBefore(v2.length, NOT_CANCELLED);
    assert.equal(end?.c === undefined, cell !== 'lstm', 'C only for the LSTM');
    assertStateNear(end, reference.finalState, TOL, 'the end');
    assertCheckpoints(v2, reference, TOL);
  });
}

test('a model that remembers the edit (2 layers) never meets the earlier read: every number after it is exactly trace()\'s', async () => {
  const saved = remembering();
  const { model, steps, v1 } = await readFirst(saved, TEXT, [H3]);
  const v2 = docOf(model, saved, TEXT.slice(0, 1000) + 'X' + TEXT.slice(1000), v1);
  const before = steps();
  const h = (await v2.unitValues(H3, 0, v2.length, NOT_CANCELLED))?.toArray();
  assert.equal(steps() - before, v2.length - 992);
  const reference = referenceOf(saved, v2);
  for (let t = 0; t < v2.length; t++) assert.equal(h?.[t], reference.steps[t].layers[1].H[3], `H at ${t}`);
  for (const t of [1000, 1500, v2.length - 1]) await assertStep(v2, reference, t, 0);
});

/**
 * One LSTM unit that counts: F = I = O = 1, C̃ = +1 for 'u', −1 for 'd', `bump` for 'e', 0 for
 * 'a'. The count C is the number of u's less the d's plus what the e's added: it remembers.
 */
function counter(bump: number): RevisedModel {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 1, numLayers: 1 }, 'uade');
  const params = saved.checkpoint.params;
  for (const p of params.values()) p.fill(0);
  const { vocab } = handle(saved);
  for (const gate of ['b_i', 'b_f', 'b_o']) (params.get(`l0.${gate}`) as Float32Array).fill(40);
  const wxc = params.get('l0.W_xc') as Float32Array;
  wxc[vocab.indexOf('u')] = 20;
  wxc[vocab.indexOf('d')] = -20;
  wxc[vocab.indexOf('e')] = bump;
  return saved;
}

test('a unit whose count is large remembers an edit as well: an earlier read is not taken over where the counts differ, however little relative to the count', async () => {
  // Counting to 200, then back to 0: an 'e' typed while the count is 200 adds 1e-4 for good;
  // |ΔC| = 1e-4 ≤ 1e-6 · |C| passes sameState's relative test for C, so v1's read (count 0 at the
  // end) is taken over, and the unit's value at the end is 0 where trace() says 1e-4.
  const saved = counter(1e-4);
  const text = 'u'.repeat(200) + 'a'.repeat(200) + 'd'.repeat(200) + 'a'.repeat(100);
  const unit = { layer: 0, kind: 'H' as const, unit: 0 };
  const { model, v1 } = await readFirst(saved, text, [unit]);
  const v2 = docOf(model, saved, text.slice(0, 250) + 'e' + text.slice(250), v1);
  const reference = referenceOf(saved, v2);
  const values = (await v2.unitValues(unit, 0, v2.length, NOT_CANCELLED))?.toArray();
  assert.ok(Math.abs(reference.steps[v2.length - 1].layers[0].C[0] - 1e-4) < 1e-8, 'trace(): the count ends at 1e-4');
  assertValues(values, reference, unit, 0, v2.length, TOL);
  await assertStep(v2, reference, v2.length - 1, TOL);
});

test('on the fused step model (1 thread and 2), an edit is met and taken over, and values, walks and steps are trace()\'s', async () => {
  const saved = forgetting('lstm', 2, 16);
  for (const threads of [1, 2]) {
    const fused = editorStepModel(saved.checkpoint, (reason) => assert.fail(`no fused step model: ${reason}`), threads);
    try {
      if (threads > 1) assert.equal(await (fused as FusedStepModel).threadsStarted, 2);
      const { model, steps, batches } = counting(fused);
      const v1 = docOf(model, saved, TEXT);
      (await v1.unitValues(C5, 0, v1.length, NOT_CANCELLED))?.toArray();
      let text = TEXT;
      let doc = v1;
      for (const at of [0, 300, 1200, 1201]) {
        text = text.slice(0, at) + 'Q' + text.slice(at);
        doc = docOf(model, saved, text, doc);
      }
      const before = steps();
      const reference = referenceOf(saved, doc);
      assertValues((await doc.unitValues(C5, 0, doc.length, NOT_CANCELLED))?.toArray(), reference, C5, 0, doc.length, TOL, `${threads} thread(s)`);
      assert.ok(steps() - before < doc.length / 2, `${threads} thread(s): read ${steps() - before} of ${doc.length}`);
      batches.length = 0;
      const fresh = { layer: 1, kind: 'H' as const, unit: 2 };
      assertValues((await doc.unitValues(fresh, 0, doc.length, NOT_CANCELLED))?.toArray(), reference, fresh, 0, doc.length, TOL, `${threads} thread(s)`);
      assert.ok(Math.max(...batches) > 1, `side by side: ${batches.join(', ')}`);
      const told: number[] = [];
      await doc.walk(100, 1500, NOT_CANCELLED, (t, gatesOf) => {
        told.push(t);
        const want = reference.steps[t].layers[0].C;
        for (let u = 0; u < want.length; u++) assert.ok(Math.abs(gatesOf(0).C[u] - want[u]) <= TOL * Math.max(1, Math.abs(want[u])), `step ${t} C[${u}]`);
      });
      assert.deepEqual(told, Array.from({ length: 1400 }, (_, i) => 100 + i));
      for (const t of [0, 299, 301, 1202, doc.length - 1]) await assertStep(doc, reference, t, TOL, `${threads} thread(s)`);
      assertCheckpoints(doc, reference, TOL, `${threads} thread(s)`);
    } finally {
      fused.dispose?.();
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Long documents: the interval grows past MAX_CHECKPOINTS · 32 tokens

test('across MAX_CHECKPOINTS · 32 tokens the interval changes (32 ↔ 33) between versions: checkpoints increasing, within the text, and the numbers a fresh read\'s', async () => {
  const saved = forgetting('gru', 1, 4);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const cap = MAX_CHECKPOINTS * 32;
  const base = LINE.repeat(Math.ceil(cap / LINE.length)).slice(0, cap - 40);
  const unit = { layer: 0, kind: 'H' as const, unit: 1 };
  const v1 = docOf(model, saved, base);
  (await v1.unitValues(unit, 0, v1.length, NOT_CANCELLED))?.toArray();
  assert.equal(v1.interval, 32);
  const t2 = base.slice(0, 70_000) + 'X'.repeat(100) + base.slice(70_000);
  const v2 = docOf(model, saved, t2, v1);
  assert.equal(v2.interval, 33);
  const t3 = t2.slice(0, 100_000) + t2.slice(100_300);
  const v3 = docOf(model, saved, t3, v2); // not read in between: v1's read rebased twice
  assert.equal(v3.interval, 32);
  for (const [doc, what] of [[v2, 'v2'], [v3, 'v3']] as const) {
    const before = steps();
    await doc.stateBefore(doc.length, NOT_CANCELLED);
    assert.ok(steps() - before < 1000, `${what}: read ${steps() - before} of ${doc.length}`);
    assertCheckpoints(doc, undefined, 0, what);
  }
  const freshOf = (text: string) => docOf(stepModelFor(saved.checkpoint), saved, text);
  for (const [doc, text, what] of [[v2, t2, 'v2'], [v3, t3, 'v3']] as const) {
    const fresh = freshOf(text);
    assertStateNear(await doc.stateBefore(doc.length, NOT_CANCELLED), (await fresh.stateBefore(fresh.length, NOT_CANCELLED)) as InferState, TOL, `${what}: the end`);
    for (const t of [69_990, 70_050, 70_150, 99_990, 100_001, 100_040, doc.length - 1]) {
      if (t >= doc.length) continue;
      const [got, want] = [await doc.stepAt(t, NOT_CANCELLED), await fresh.stepAt(t, NOT_CANCELLED)];
      assert.ok(got && want);
      for (const [name, w] of Object.entries(want.layers[0])) for (let u = 0; u < w.length; u++) assert.ok(Math.abs(got.layers[0][name][u] - w[u]) <= TOL, `${what} step ${t} ${name}[${u}]`);
    }
    const values = (await doc.unitValues(unit, 69_900, 70_400, NOT_CANCELLED))?.toArray();
    const wantValues = (await fresh.unitValues(unit, 69_900, 70_400, NOT_CANCELLED))?.toArray();
    for (let t = 69_900; t < 70_400; t++) assert.ok(Math.abs((values?.[t] ?? NaN) - (wantValues?.[t] ?? NaN)) <= TOL, `${what} value at ${t}`);
    // the checkpoints against the fresh read's states at a few of them
    for (const c of checkpointsOf(doc).filter((_, i) => i % 997 === 0)) assertStateNear(c.state, (await fresh.stateBefore(c.at, NOT_CANCELLED)) as InferState, TOL, `${what} checkpoint at ${c.at}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Bookkeeping

test('checkpointed never goes back within a version and never passes the end, over a seeded run of edits and reads', async () => {
  const saved = forgetting('lstm', 2, 8);
  const { model } = counting(stepModelFor(saved.checkpoint));
  let seed = 7;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % Math.max(1, n));
  let text = TEXT;
  let doc = docOf(model, saved, text);
  let last = 0;
  for (let round = 0; round < 60; round++) {
    const op = next(6);
    if (op < 2) {
      const at = [0, text.length, next(text.length + 1)][next(3)];
      const cut = Math.min(text.length, at + [0, 1, 40, 500][next(4)]);
      text = text.slice(0, at) + ['', 'Y', LINE, 'ZZ'][next(4)] + text.slice(cut);
      doc = docOf(model, saved, text, doc);
      assert.ok(doc.checkpointed <= doc.length, `round ${round}: a new version checkpointed ${doc.checkpointed} of ${doc.length}`);
      last = doc.checkpointed;
      continue;
    }
    const n = doc.length;
    const t = next(n + 1);
    if (op === 2) await doc.stateBefore(t, NOT_CANCELLED);
    else if (op === 3) await doc.unitValues(H3, t, Math.min(n, t + next(600)), NOT_CANCELLED);
    else if (op === 4) await doc.walk(t, Math.min(n, t + next(600)), NOT_CANCELLED, () => undefined);
    else await doc.stateBefore(n, NOT_CANCELLED);
    assert.ok(doc.checkpointed >= last, `round ${round}: checkpointed went back from ${last} to ${doc.checkpointed}`);
    assert.ok(doc.checkpointed <= n, `round ${round}: checkpointed ${doc.checkpointed} past the end ${n}`);
    last = doc.checkpointed;
    assertCheckpoints(doc, undefined, 0, `round ${round}`);
  }
  const reference = referenceOf(saved, doc);
  assertCheckpoints(doc, reference, TOL, 'at the end');
  assertValues((await doc.unitValues(H3, 0, doc.length, NOT_CANCELLED))?.toArray(), reference, H3, 0, doc.length, TOL, 'at the end');
});

test('the state before a position past the end is the state at the end, as before the donors, not a read that never ends', async () => {
  const saved = forgetting('lstm', 1, 4);
  const doc = docOf(stepModelFor(saved.checkpoint), saved, TEXT.slice(0, 100));
  let checks = 0;
  // a guard so that the test ends: the walk spins on one position forever without it
  const guard: Cancellation = {
    get isCancellationRequested() {
      return ++checks > 5_000;
    },
  };
  const end = await doc.stateBefore(doc.length + 40, guard);
  assertStateNear(end, referenceOf(saved, doc).finalState, 0, 'past the end');
});
