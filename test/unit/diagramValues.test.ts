/** The cell diagram's numbers (webview/panel/explorer/diagramValues.ts), for each of d2l's cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagramValues } from '../../webview/panel/explorer/diagramValues';

/** A two-step trace of one unit, by gate. */
function traceOf(values: Record<string, [number, number]>) {
  return (gate: string, step: number) => values[gate][step];
}

test('LSTM: the gates at t, C_{t−1} from the step before, or solved from C = F ⊙ C_{t−1} + I ⊙ C̃ at the first step', () => {
  const at = traceOf({ I: [0.5, 0.6], F: [0.8, 0.9], O: [0.3, 0.4], C_tilde: [0.2, -0.5], C: [0.9, 0.51], H: [0.2, 0.19] });
  assert.deepEqual(diagramValues('lstm', at, 1), { I: 0.6, F: 0.9, O: 0.4, C_tilde: -0.5, C_prev: 0.9, C: 0.51, H: 0.19 });
  const first = diagramValues('lstm', at, 0);
  assert.ok(Math.abs(first.C_prev - (0.9 - 0.5 * 0.2) / 0.8) < 1e-12);
  assert.ok(Math.abs(0.8 * first.C_prev + 0.5 * 0.2 - 0.9) < 1e-12, 'the solved C_{t−1} gives C back');
});

test('GRU: R, Z, H̃ and H at t; H_{t−1} from the step before, or solved from H = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃', () => {
  const at = traceOf({ R: [0.1, 0.2], Z: [0.25, 0.5], H_tilde: [0.4, -0.6], H: [0.5, 0.1] });
  assert.deepEqual(diagramValues('gru', at, 1), { R: 0.2, Z: 0.5, H_tilde: -0.6, H_prev: 0.5, H: 0.1 });
  const first = diagramValues('gru', at, 0);
  assert.ok(Math.abs(0.25 * first.H_prev + 0.75 * 0.4 - 0.5) < 1e-12, 'the solved H_{t−1} gives H back');
});

test('RNN: H at t, H_{t−1} from the step before; unknown (NaN) before the first step', () => {
  const at = traceOf({ H: [0.3, -0.2] });
  assert.deepEqual(diagramValues('rnn', at, 1), { H: -0.2, H_prev: 0.3 });
  assert.ok(Number.isNaN(diagramValues('rnn', at, 0).H_prev));
});
