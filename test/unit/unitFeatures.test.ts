import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../../src/core/infer/gateTrace';
import { bestUnitsByFeature, TEXT_FEATURES, textFeatures, UnitCorrelations } from '../../src/core/infer/unitFeatures';
import { InferenceCache } from '../../src/extension/editor/inferenceCache';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { rankUnits } from '../../src/extension/editor/unitRanking';
import { handleOf, randomModel } from '../fixtures/editor/models';

test('text features of each character, as they stand after reading it', () => {
  const text = 'a "b(c)" 9\n x';
  const f = textFeatures(text, Array.from(text, (_, i) => i));
  const row = (name: string) => Array.from(f.subarray(TEXT_FEATURES.indexOf(name as never) * text.length, (TEXT_FEATURES.indexOf(name as never) + 1) * text.length));
  //                                  a  ␣  "  b  (  c  )  "  ␣  9  \n ␣  x
  assert.deepEqual(row('insideQuotes'), [0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(row('bracketDepth'), [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(row('lineColumn'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1]);
  assert.deepEqual(row('wordStart'), [1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(row('whitespace'), [0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0]);
  assert.deepEqual(row('digit'), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(textFeatures(text, [3, 12])), [1, 0, 0, 0, 3, 1, 1, 1, 0, 0, 0, 0]);
});

test('a unit that copies a feature scores r = 1, one that mirrors it −1, a constant one is left out', () => {
  const config = { cell: 'lstm' as const, vocabSize: 2, hiddenSize: 3, numLayers: 1 };
  const text = '(a (b) "c d" 1)\n  22';
  const n = text.length;
  const features = textFeatures(text, Array.from(text, (_, i) => i));
  const depth = features.subarray(1 * n, 2 * n);
  const corr = new UnitCorrelations(config);
  for (let t = 0; t < n; t++) {
    const H = Float64Array.from([depth[t], -2 * depth[t] + 1, 0.5]);
    const C = Float64Array.from([t, t * t, -t]);
    corr.add(() => ({ H, C }), features, t, n);
  }
  const scores = corr.scores();
  const r = (kind: string, unit: number, feature: string) => scores.find((s) => s.kind === kind && s.unit === unit && s.feature === feature)?.r;
  assert.ok(Math.abs((r('H', 0, 'bracketDepth') ?? 0) - 1) < 1e-12);
  assert.ok(Math.abs((r('H', 1, 'bracketDepth') ?? 0) + 1) < 1e-12);
  assert.equal(r('H', 2, 'bracketDepth'), undefined, 'a constant unit has no correlation');
  assert.ok(Math.abs((r('C', 0, 'lineColumn') ?? 0) - (r('C', 2, 'lineColumn') ?? 0) * -1) < 1e-12);
  assert.equal(corr.steps, n);
  const best = bestUnitsByFeature(scores, 2);
  assert.deepEqual(best.get('bracketDepth')?.map((s) => [s.kind, s.unit]), [['H', 0], ['H', 1]]);
  assert.ok([...best.values()].every((top) => top.length <= 2 && top.every((s) => Math.abs(s.r) <= 1)));
});

test("ranking a document's units agrees with Pearson's r computed from its trace", async () => {
  const text = 'print("hello, world") # (1 + 2) * 3\nx = [a, (b, "c")]\n'.repeat(6);
  const saved = randomModel({ cell: 'gru', hiddenSize: 5, numLayers: 2 }, text);
  const entry = InferenceCache.read('doc', 1, text, handleOf(saved));
  const progress: number[] = [];
  const scores = await rankUnits(entry, 250, NOT_CANCELLED, (done) => void progress.push(done));
  assert.ok(scores && scores.every((s) => s.kind === 'H'), 'a GRU has H units only');
  assert.equal(scores?.length, 2 * 5 * TEXT_FEATURES.length);
  assert.deepEqual(progress, []);
  const steps = trace(saved.checkpoint.params, saved.checkpoint.config, entry.inference.tokens.ids.range(0, 250)).steps;
  const xs = steps.map((s) => s.layers[1].H[3]);
  const ys = Array.from(textFeatures(text, entry.inference.tokens.starts.range(0, 250)).subarray(1 * 250, 2 * 250));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const cov = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const want = cov / Math.sqrt(xs.reduce((a, x) => a + (x - mx) ** 2, 0) * ys.reduce((a, y) => a + (y - my) ** 2, 0));
  const got = scores?.find((s) => s.layer === 1 && s.unit === 3 && s.feature === 'bracketDepth')?.r ?? NaN;
  assert.ok(Math.abs(got - want) < 1e-5, `r ${got} vs ${want}`);
  assert.equal(await rankUnits(entry, 250, { isCancellationRequested: true }), undefined);
});
