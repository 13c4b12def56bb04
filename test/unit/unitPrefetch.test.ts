import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../../src/core/infer/gateTrace';
import { stepModelFor } from '../../src/core/infer/stepModel';
import { DocumentInference } from '../../src/core/infer/document/documentInference';
import { documentTokens } from '../../src/core/text/documentTokens';
import { prefetchUnitValues } from '../../src/extension/editor/unitPrefetch';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { counting } from '../fixtures/editor/counting';
import { handleOf, randomModel } from '../fixtures/editor/models';

const TEXT = 'so it was that the time traveller showed us "the machine" (a glittering metallic framework)\n'.repeat(20);

test("after a paint, the unit's values around the painted lines are read, and a scroll then reads nothing", async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 12, numLayers: 2 }, TEXT);
  const handle = handleOf(saved);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const doc = new DocumentInference(model, documentTokens(TEXT, handle.tokenizer, handle.vocab));
  const unit = { layer: 1, kind: 'C' as const, unit: 5 };
  (await doc.unitValues(unit, 800, 1000, NOT_CANCELLED))?.toArray();
  await prefetchUnitValues(doc, unit, 800, 1000, NOT_CANCELLED, 300);
  const before = steps();
  const values = (await doc.unitValues(unit, 500, 1300, NOT_CANCELLED))?.toArray();
  assert.equal(steps(), before, 'scrolling 300 tokens either way reads nothing');
  const reference = trace(saved.checkpoint.params, saved.checkpoint.config, doc.tokens.ids.toArray());
  for (let t = 500; t < 1300; t++) assert.ok(Math.abs((values?.[t] ?? NaN) - Math.tanh(reference.steps[t].layers[1].C[5])) < 1e-6, `token ${t}`);
  assert.ok(Number.isNaN(values?.[1400] ?? 0), 'nothing past what was asked is read');
});

test('a cancelled prefetch reads nothing more', async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 12, numLayers: 1 }, TEXT);
  const handle = handleOf(saved);
  const doc = new DocumentInference(stepModelFor(saved.checkpoint), documentTokens(TEXT, handle.tokenizer, handle.vocab));
  const unit = { layer: 0, kind: 'H' as const, unit: 2 };
  (await doc.unitValues(unit, 800, 1000, NOT_CANCELLED))?.toArray();
  await prefetchUnitValues(doc, unit, 800, 1000, { isCancellationRequested: true }, 300);
  const values = (await doc.unitValues(unit, 800, 1000, NOT_CANCELLED))?.toArray();
  assert.ok(Number.isNaN(values?.[1100] ?? 0), 'the lines after the painted ones are not read');
});
