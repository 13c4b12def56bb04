import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace, type GateTrace } from '../../src/core/infer/gateTrace';
import { stepModelFor, type StepModel } from '../../src/core/infer/stepModel';
import { DocumentInference } from '../../src/core/infer/document/documentInference';
import { documentTokens } from '../../src/core/text/documentTokens';
import { sameState, STATE_TOLERANCE } from '../../src/core/infer/document/stateDonor';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { handleOf, randomModel } from '../fixtures/editor/models';
import { counting } from '../fixtures/editor/counting';
import type { RevisedModel } from '../../src/extension/editor/inferenceCache';

const LINE = 'the "time" traveller (for so it will be convenient to speak of him) was expounding 42 matters\n';
const TEXT = LINE.repeat(24); // 2,256 characters, one token each

/** A random LSTM whose forget gates are set by `forgetBias` (−: forgets at once; +30: never). */
function lstmWithForgetBias(forgetBias: number, inputBias = 0): RevisedModel {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 16, numLayers: 2 }, TEXT + 'XYZ');
  for (const layer of [0, 1]) {
    (saved.checkpoint.params.get(`l${layer}.b_f`) as Float32Array).fill(forgetBias);
    if (inputBias) (saved.checkpoint.params.get(`l${layer}.b_i`) as Float32Array).fill(inputBias);
  }
  return saved;
}

/** The largest difference between the gate values of step t and trace()'s. */
function maxGateDifference(doc: DocumentInference, reference: GateTrace, t: number): Promise<number> {
  return doc.stepAt(t, NOT_CANCELLED).then((step) => {
    let worst = 0;
    step?.layers.forEach((layer, k) => {
      for (const [name, values] of Object.entries(layer)) {
        const want = reference.steps[t].layers[k][name];
        for (let u = 0; u < values.length; u++) worst = Math.max(worst, Math.abs(values[u] - want[u]));
      }
    });
    return step ? worst : Infinity;
  });
}

async function readAll(model: StepModel, saved: RevisedModel, text: string, previous?: DocumentInference): Promise<DocumentInference> {
  const handle = handleOf(saved);
  const doc = new DocumentInference(model, documentTokens(text, handle.tokenizer, handle.vocab), previous);
  await doc.stateBefore(doc.length, NOT_CANCELLED);
  return doc;
}

test('states an edit apart are the same within the tolerance, absolutely for H and for C however large C is', () => {
  const a = { h: new Float64Array([0.5, -0.25]), c: new Float64Array([3, 40]) };
  assert.ok(sameState(a, { h: new Float64Array([0.5 + STATE_TOLERANCE / 2, -0.25]), c: new Float64Array([3, 40 + STATE_TOLERANCE / 2]) }));
  assert.ok(!sameState(a, { h: new Float64Array([0.5 + STATE_TOLERANCE * 2, -0.25]), c: new Float64Array([3, 40]) }));
  assert.ok(!sameState(a, { h: new Float64Array([0.5, -0.25]), c: new Float64Array([3, 40 + 30 * STATE_TOLERANCE]) }), 'a count of 40 that is off by 3e-5 stays off');
  assert.ok(!sameState(a, { h: new Float64Array([NaN, -0.25]), c: new Float64Array([3, 40]) }), 'NaN is never the same');
});

for (const [what, edited] of [
  ['a character typed', TEXT.slice(0, 300) + 'X' + TEXT.slice(300)],
  ['a word deleted', TEXT.slice(0, 300) + TEXT.slice(312)],
  ['a line pasted', TEXT.slice(0, 300) + LINE + LINE + TEXT.slice(300)],
] as const) {
  test(`after ${what}, a model that forgets reads on from the edit only until its state meets the earlier version's, and its numbers are trace()'s`, async () => {
    const saved = lstmWithForgetBias(-2);
    const { model, steps } = counting(stepModelFor(saved.checkpoint));
    const v1 = await readAll(model, saved, TEXT);
    const before = steps();
    const v2 = await readAll(model, saved, edited, v1);
    const read = steps() - before;
    assert.ok(read <= 300 % 32 + 3 * 32 + (edited.length - TEXT.length), `read ${read} tokens of ${v2.length}`);
    assert.equal(v2.checkpointed, v1.checkpointed + v2.length - v1.length, "the earlier version's checkpoints to its end are there");
    const reference = trace(saved.checkpoint.params, saved.checkpoint.config, v2.tokens.ids.toArray());
    for (const t of [299, 301, 340, 400, 1000, 1777, v2.length - 1]) {
      const d = await maxGateDifference(v2, reference, t);
      assert.ok(d <= 10 * STATE_TOLERANCE, `step ${t}: gates ${d} from trace()'s`);
    }
  });
}

test('a model that remembers the edit never meets the earlier state: the new version reads to the end itself, exactly', async () => {
  // F = σ(30) = 1 and I = σ(30) = 1: C adds every token's candidate and keeps it (d2l (10.1.4))
  const saved = lstmWithForgetBias(30, 30);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const v1 = await readAll(model, saved, TEXT);
  const before = steps();
  const v2 = await readAll(model, saved, TEXT.slice(0, 300) + 'X' + TEXT.slice(300), v1);
  assert.equal(steps() - before, v2.length - 288, 'from the checkpoint before the edit to the end');
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, v2.tokens.ids.toArray());
  for (const t of [301, 1000, v2.length - 1]) assert.equal(await maxGateDifference(v2, reference, t), 0, `step ${t}`);
});

test("several edits before any read: the first version's read is still offered, and a unit's values come from it past the meeting point", async () => {
  const saved = lstmWithForgetBias(-2);
  const handle = handleOf(saved);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const unit = { layer: 1, kind: 'H' as const, unit: 3 };
  const v1 = new DocumentInference(model, documentTokens(TEXT, handle.tokenizer, handle.vocab));
  (await v1.unitValues(unit, 0, v1.length, NOT_CANCELLED))?.toArray();
  let doc = v1;
  let text = TEXT;
  for (const at of [500, 501, 502, 520]) {
    text = text.slice(0, at) + 'Y' + text.slice(at);
    doc = new DocumentInference(model, documentTokens(text, handle.tokenizer, handle.vocab), doc);
  }
  const before = steps();
  const values = (await doc.unitValues(unit, 0, doc.length, NOT_CANCELLED))?.toArray();
  assert.ok(steps() - before <= 520 - 480 + 3 * 32, `read ${steps() - before} tokens`);
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());
  for (let t = 0; t < doc.length; t++) {
    const want = reference.steps[t].layers[1].H[3];
    assert.ok(Math.abs((values?.[t] ?? NaN) - want) <= 10 * STATE_TOLERANCE, `token ${t}: ${values?.[t]} vs ${want}`);
  }
});

test('a question far past an edit is answered from the checkpoint nearest it once the states meet', async () => {
  const saved = lstmWithForgetBias(-2);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const v1 = await readAll(model, saved, TEXT);
  const handle = handleOf(saved);
  const v2 = new DocumentInference(model, documentTokens('Z' + TEXT, handle.tokenizer, handle.vocab), v1);
  const before = steps();
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, v2.tokens.ids.toArray());
  assert.ok((await maxGateDifference(v2, reference, 2000)) <= 10 * STATE_TOLERANCE);
  assert.ok(steps() - before <= 3 * 32 + 32 + 1, `read ${steps() - before} tokens to answer for step 2,000`);
});
