import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FusedStepModel } from '../../src/core/engine/fused/fusedStepModel';
import { wasmApi } from '../../src/core/engine/fused/wasmApi';
import type { CellKind } from '../../src/core/model/config';
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
