/** The cell diagram's numbers (webview/panel/explorer/diagramValues.ts), for each of d2l's cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagramValues } from '../../webview/panel/explorer/diagramValues';

/** A two-step trace of one unit by gate, with the state before the first step at step −1. */
function traceOf(values: Record<string, number[]>, start: Record<string, number>) {
  return (gate: string, step: number) => (step < 0 ? (start[gate] ?? NaN) : values[gate][step]);
}

test('LSTM: the gates and C, H at t, and C_{t−1} (the state before the span at the first step)', () => {
  const at = traceOf({ I: [0.5, 0.6], F: [0.8, 0.9], O: [0.3, 0.4], C_tilde: [0.2, -0.5], C: [0.9, 0.51], H: [0.2, 0.19] }, { C: 0.7, H: 0.1 });
  assert.deepEqual(diagramValues('lstm', at, 1), { I: 0.6, F: 0.9, O: 0.4, C_tilde: -0.5, C_prev: 0.9, C: 0.51, H: 0.19 });
  assert.equal(diagramValues('lstm', at, 0).C_prev, 0.7);
});

test('GRU: R, Z, H̃ and H at t, and H_{t−1}', () => {
  const at = traceOf({ R: [0.1, 0.2], Z: [0.25, 0.5], H_tilde: [0.4, -0.6], H: [0.5, 0.1] }, { H: -0.3 });
  assert.deepEqual(diagramValues('gru', at, 1), { R: 0.2, Z: 0.5, H_tilde: -0.6, H_prev: 0.5, H: 0.1 });
  assert.equal(diagramValues('gru', at, 0).H_prev, -0.3);
});

test('RNN: H at t and H_{t−1}', () => {
  const at = traceOf({ H: [0.3, -0.2] }, { H: 0.05 });
  assert.deepEqual(diagramValues('rnn', at, 1), { H: -0.2, H_prev: 0.3 });
  assert.equal(diagramValues('rnn', at, 0).H_prev, 0.05);
});
