import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FusedStepModel } from '../../src/core/engine/fused/infer/fusedStepModel';
import { wasmApi } from '../../src/core/engine/fused/kernels/wasmApi';
import type { CellKind } from '../../src/core/model/config';
import { cloneInferState } from '../../src/core/infer/inferState';
import { readSegments } from '../../src/core/infer/steppedRun';
import { Stepper } from '../../src/core/infer/stepper';
import { TRACE_GATES } from '../../src/core/infer/stepper';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, testParams } from './fusedHelpers';

const compiled = new (wasmApi().Module)(fusedWasm);

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  test(`the fused step model steps like the float64 Stepper: ${cell}, 2 layers`, () => {
    const config = { cell, vocabSize: 11, hiddenSize: 12, numLayers: 2 };
    const params = testParams(config, 5);
    const fused = new FusedStepModel(compiled, config, params);
    const reference = new Stepper(params, config);
    const a = fused.zeroState();
    const b = reference.zeroState();
    const rng = new Rng(9);
    for (let t = 0; t < 40; t++) {
      const token = rng.int(0, config.vocabSize - 1);
      fused.step(token, a);
      reference.step(token, b);
      for (let layer = 0; layer < 2; layer++) {
        for (const name of TRACE_GATES[cell]) {
          const got = fused.gatesOf(layer)[name];
          const want = reference.gatesOf(layer)[name];
          for (let j = 0; j < want.length; j++) assert.ok(Math.abs(got[j] - want[j]) < 1e-5, `${name}[${j}] at step ${t}, layer ${layer}`);
        }
      }
      const y = fused.logits(a);
      const yRef = reference.logits(b);
      for (let v = 0; v < yRef.length; v++) assert.ok(Math.abs(y[v] - yRef[v]) < 1e-5, `logit ${v} at step ${t}`);
    }
  });
}

for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
  test(`segments read side by side give the Stepper's values token by token and advance each state: ${cell}, 2 layers`, () => {
    const config = { cell, vocabSize: 11, hiddenSize: 12, numLayers: 2 };
    const params = testParams(config, 6);
    const fused = new FusedStepModel(compiled, config, params);
    const reference = new Stepper(params, config);
    const rng = new Rng(3);
    // segments of different lengths (the shorter ones padded inside the batch), from different states
    const lengths = [7, 3, 0, 7, 5];
    const starts = lengths.map((_, s) => {
      const state = reference.zeroState();
      for (let t = 0; t < 2 * s; t++) reference.step(rng.int(0, 10), state);
      return state;
    });
    const tokens = lengths.map((n) => Int32Array.from({ length: n }, () => rng.int(0, 10)));
    const segments = tokens.map((ts, s) => ({ tokens: ts, state: cloneInferState(starts[s]) }));
    const runs = fused.readSegments(segments);
    assert.equal(runs.length, lengths.length);
    tokens.forEach((ts, s) => {
      const state = cloneInferState(starts[s]);
      ts.forEach((token, i) => {
        reference.step(token, state);
        for (let layer = 0; layer < 2; layer++) {
          const gates = runs[s].gatesAt(i, layer);
          for (const name of TRACE_GATES[cell]) {
            const want = reference.gatesOf(layer)[name];
            for (let j = 0; j < want.length; j++) {
              assert.ok(Math.abs(gates[name][j] - want[j]) < 1e-5, `segment ${s} token ${i} layer ${layer} ${name}[${j}]`);
              assert.equal(runs[s].value(i, layer, name, j), gates[name][j]);
            }
          }
        }
      });
      for (let j = 0; j < state.h.length; j++) assert.ok(Math.abs(segments[s].state.h[j] - state.h[j]) < 1e-5, `segment ${s}: final H[${j}]`);
      for (let j = 0; j < (state.c?.length ?? 0); j++) assert.ok(Math.abs((segments[s].state.c?.[j] ?? NaN) - (state.c?.[j] ?? NaN)) < 1e-5, `segment ${s}: final C[${j}]`);
    });
  });
}

test('the stepped fallback reads a segment like the model steps it', () => {
  const config = { cell: 'lstm' as const, vocabSize: 11, hiddenSize: 5, numLayers: 2 };
  const params = testParams(config, 8);
  const stepper = new Stepper(params, config);
  const tokens = [3, 1, 4, 1, 5, 9, 2, 6];
  const state = stepper.zeroState();
  const [run] = readSegments(stepper, [{ tokens, state }]);
  const again = stepper.zeroState();
  tokens.forEach((token, i) => {
    stepper.step(token, again);
    for (let layer = 0; layer < 2; layer++) {
      for (const name of TRACE_GATES.lstm) assert.deepEqual(Array.from(run.gatesAt(i, layer)[name]), Array.from(stepper.gatesOf(layer)[name]), `token ${i} layer ${layer} ${name}`);
      assert.equal(run.value(i, layer, 'C', 2), stepper.gatesOf(layer).C[2]);
    }
  });
  assert.deepEqual(state, again);
});
