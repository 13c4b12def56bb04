import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { trace } from '../../src/core/infer/gateTrace';
import { topK, topKOfLogProbs } from '../../src/core/infer/distribution';
import { generate, pickToken } from '../../src/core/infer/sampling';
import { Stepper } from '../../src/core/infer/stepper';
import { Rng } from '../../src/core/util/rng';

const config: ModelConfig = { cell: 'lstm', vocabSize: 9, hiddenSize: 8, numLayers: 1 };
const params = initParams(config, 3, 0.8);
const stepper = new Stepper(params, config);
const prefix = [1, 4, 2];

/** The top-k candidates after reading `tokens`, from an independent trace. */
const nextCandidates = (tokens: number[], k: number) => trace(stepper, config, tokens, { topK: k }).steps.at(-1)?.topK.map((c) => c.token) ?? [];

test('greedy generation is predict_ch8: each token is the argmax after everything before it', () => {
  const { tokens } = generate(stepper, config, prefix, 12);
  assert.deepEqual(tokens.slice(0, 3), prefix);
  assert.equal(tokens.length, 15);
  for (let i = prefix.length; i < tokens.length; i++) assert.equal(tokens[i], nextCandidates(tokens.slice(0, i), 1)[0]);
});

test('sampling is reproducible from a seed and differs across seeds', () => {
  const run = (seed: number) => generate(params, config, prefix, 40, { kind: 'sample', temperature: 2, rng: new Rng(seed) }).tokens;
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});

test('top-k sampling only picks among the k most probable tokens', () => {
  const { tokens } = generate(stepper, config, prefix, 30, { kind: 'sample', temperature: 1.5, topK: 2, rng: new Rng(5) });
  for (let i = prefix.length; i < tokens.length; i++) assert.ok(nextCandidates(tokens.slice(0, i), 2).includes(tokens[i]), `position ${i}`);
});

test('a very low temperature is greedy; temperature 1 follows the softmax', () => {
  const greedy = generate(stepper, config, prefix, 10).tokens;
  assert.deepEqual(generate(stepper, config, prefix, 10, { kind: 'sample', temperature: 1e-3, rng: new Rng(1) }).tokens, greedy);
  const rng = new Rng(11);
  const logits = [0, Math.log(3)]; // p = 1/4, 3/4
  let ones = 0;
  for (let i = 0; i < 4000; i++) ones += pickToken(logits, { kind: 'sample', temperature: 1, rng });
  assert.ok(Math.abs(ones / 4000 - 0.75) < 0.03, `frequency ${ones / 4000}`);
  assert.throws(() => pickToken(logits, { kind: 'sample', temperature: 0, rng }), /Temperature must be positive/);
});

test('generation continues from a state without changing it', () => {
  const start = stepper.run([1, 4]);
  const before = start.h.slice();
  const continued = generate(stepper, config, [2], 6, { kind: 'greedy' }, start).tokens;
  assert.deepEqual(start.h, before);
  assert.deepEqual(continued, generate(stepper, config, prefix, 6).tokens.slice(2));
});

test('topK keeps the k most probable tokens, most probable first, ties by lower id; from log-probabilities the same', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    // few distinct values, so ties are common
    const probs = Float64Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 6) / 6);
    const sorted = Array.from(probs, (prob, token) => ({ token, prob })).sort((a, b) => b.prob - a.prob || a.token - b.token);
    for (const k of [0, 1, 3, 5, 20, 60]) {
      assert.deepEqual(topK(probs, k), sorted.slice(0, k), `trial ${trial}, k ${k}`);
      const fromLog = topKOfLogProbs(probs.map(Math.log), k);
      assert.deepEqual(fromLog.map((c) => c.token), sorted.slice(0, k).map((c) => c.token));
      fromLog.forEach((c, i) => assert.ok(Math.abs(c.prob - sorted[i].prob) < 1e-12));
    }
  }
});
