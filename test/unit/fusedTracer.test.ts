import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { trace } from '../../src/core/infer/gateTrace';
import { FusedTracer } from '../../src/core/engine/fused/infer/fusedTracer';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, relDiff, testParams } from './fusedHelpers';

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  test(`${cell}: the fused trace equals the float64 stepper's, gate by gate, and continues from a state`, async () => {
    const config: ModelConfig = { cell, vocabSize: 11, hiddenSize: 10, numLayers: 2 };
    const params = testParams(config, 2);
    const rng = new Rng(4);
    const tokens = Array.from({ length: 17 }, () => rng.int(0, 10));
    const tracer = await FusedTracer.create(fusedWasm, config, params);
    const first = tracer.trace(tokens.slice(0, 9));
    const got = tracer.trace(tokens.slice(9), { fromState: first.finalState });
    const want = trace(params, config, tokens);
    [...first.steps, ...got.steps].forEach((step, t) => {
      const ref = want.steps[t];
      assert.equal(step.token, ref.token);
      assert.ok(Math.abs(step.surprisal - ref.surprisal) < 1e-4, `step ${t}: surprisal ${step.surprisal} vs ${ref.surprisal}`);
      assert.deepEqual(step.topK.map((p) => p.token), ref.topK.map((p) => p.token));
      step.layers.forEach((values, layer) => {
        for (const [name, v] of Object.entries(ref.layers[layer])) assert.ok(relDiff(values[name], v) < 1e-5, `step ${t} layer ${layer} ${name}`);
      });
    });
    assert.ok(relDiff(got.finalState.h, want.finalState.h) < 1e-5);
  });
}

test('the head is right at every step of a trace with more steps than hidden units (its product then has T + 1 rows)', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 9, hiddenSize: 8, numLayers: 1 };
  const params = testParams(config, 3);
  const rng = new Rng(2);
  const tokens = Array.from({ length: 16 }, () => rng.int(0, 8));
  const tracer = await FusedTracer.create(fusedWasm, config, params);
  const got = tracer.trace(tokens);
  const want = trace(params, config, tokens);
  got.steps.forEach((step, t) => {
    assert.ok(Math.abs(step.surprisal - want.steps[t].surprisal) < 1e-4, `step ${t}: surprisal ${step.surprisal} vs ${want.steps[t].surprisal}`);
    assert.deepEqual(step.topK.map((p) => p.token), want.steps[t].topK.map((p) => p.token));
  });
});
