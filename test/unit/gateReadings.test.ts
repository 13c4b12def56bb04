/**
 * d2l's readings of a unit's gates, on real traces: a forget gate driven shut (b_f ≪ 0) makes the
 * LSTM forget at every step, one driven open never; a GRU update gate driven to 1 makes it
 * ignore its input; an RNN declares no readings. The threshold decides at the boundary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '../../src/core/infer/gateTrace';
import { readingSteps } from '../../src/core/infer/gateReadings';
import { cellInfo } from '../../src/core/model/cells/cellInfos';
import type { CellKind, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';

const TOKENS = [1, 2, 3, 1, 4, 2, 0, 3, 3, 1];
const UNITS = 4;

/** One layer's values of `gate`, time-major [steps × units], traced with bias `bias` set to `value` for unit 1 only. */
function gateValues(cell: CellKind, gate: string, bias: string, value: number): Float32Array {
  const config: ModelConfig = { cell, vocabSize: 5, hiddenSize: UNITS, numLayers: 1 };
  const params = initParams(config, 3, 0.3);
  (params.get(`l0.${bias}`) as Float32Array)[1] = value;
  const steps = trace(params, config, TOKENS).steps;
  const out = new Float32Array(steps.length * UNITS);
  steps.forEach((s, t) => out.set(s.layers[0][gate], t * UNITS));
  return out;
}

const reading = (cell: CellKind, kind: string) => {
  const r = cellInfo(cell).readings.find((x) => x.kind === kind);
  assert.ok(r, `${cell} declares ${kind}`);
  return r;
};

test('LSTM: F driven shut forgets at every step, F driven open never (unit 1 only)', () => {
  const forgets = reading('lstm', 'forgets');
  assert.equal(forgets.gate, 'F');
  const shut = gateValues('lstm', 'F', 'b_f', -20);
  assert.deepEqual([...readingSteps(shut, TOKENS.length, UNITS, 1, forgets, 0.1)], TOKENS.map(() => 1));
  const open = gateValues('lstm', 'F', 'b_f', 20);
  assert.deepEqual([...readingSteps(open, TOKENS.length, UNITS, 1, forgets, 0.1)], TOKENS.map(() => 0));
});

test('LSTM: I and O near 0 read as ignoring the input and keeping the memory out of H', () => {
  const ignores = gateValues('lstm', 'I', 'b_i', -20);
  assert.ok(readingSteps(ignores, TOKENS.length, UNITS, 1, reading('lstm', 'ignoresInput'), 0.1).every((m) => m === 1));
  const hides = gateValues('lstm', 'O', 'b_o', -20);
  assert.ok(readingSteps(hides, TOKENS.length, UNITS, 1, reading('lstm', 'hidesMemory'), 0.1).every((m) => m === 1));
});

test('GRU: Z driven to 1 ignores the input (a high reading); R driven to 0 forgets', () => {
  const ignores = reading('gru', 'ignoresInput');
  assert.deepEqual([ignores.gate, ignores.when], ['Z', 'high']);
  const z = gateValues('gru', 'Z', 'b_z', 20);
  assert.ok(readingSteps(z, TOKENS.length, UNITS, 1, ignores, 0.1).every((m) => m === 1));
  const r = gateValues('gru', 'R', 'b_r', -20);
  assert.ok(readingSteps(r, TOKENS.length, UNITS, 1, reading('gru', 'forgets'), 0.1).every((m) => m === 1));
});

test('the threshold decides at the boundary, for low and high readings alike', () => {
  const values = Float32Array.from([0.05, 0.1, 0.15, 0.95]); // 4 steps × 1 unit
  const low = { kind: 'forgets', gate: 'F', when: 'low' } as const;
  const high = { kind: 'ignoresInput', gate: 'Z', when: 'high' } as const;
  assert.deepEqual([...readingSteps(values, 4, 1, 0, low, 0.1)], [1, 0, 0, 0]);
  assert.deepEqual([...readingSteps(values, 4, 1, 0, low, 0.2)], [1, 1, 1, 0]);
  assert.deepEqual([...readingSteps(values, 4, 1, 0, high, 0.1)], [0, 0, 0, 1]);
  assert.deepEqual([...readingSteps(values, 4, 1, 0, high, 0)], [0, 0, 0, 0]);
});

test('an RNN has no gates to read; a unit out of range or a short buffer is refused by name', () => {
  assert.deepEqual(cellInfo('rnn').readings, []);
  const low = { kind: 'forgets', gate: 'F', when: 'low' } as const;
  assert.throws(() => readingSteps(new Float32Array(8), 2, 4, 4, low, 0.1), /unit 4 is not one of the 4 units/);
  assert.throws(() => readingSteps(new Float32Array(7), 2, 4, 0, low, 0.1), /fewer than 2 steps × 4 units/);
});
