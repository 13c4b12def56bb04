import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saturation, selectionCorrelation, unitMoments, unitOrder } from '../../webview/panel/explorer/unitStats';

// 4 steps × 3 units, time-major: unit 0 constant, unit 1 rising, unit 2 on at steps 1–2 only
const values = Float32Array.from([0.5, 0, 0, 0.5, 1, 1, 0.5, 2, 1, 0.5, 3, 0]);

test('unit means and variances over the steps', () => {
  const { mean, variance } = unitMoments(values, 4, 3);
  assert.deepEqual(Array.from(mean), [0.5, 1.5, 0.5]);
  assert.deepEqual(Array.from(variance), [0, 1.25, 0.25]);
});

test('correlation with a selection of steps is 1 for a unit on exactly there, 0 for a constant one', () => {
  const r = selectionCorrelation(values, 4, 3, { start: 1, end: 3 });
  assert.equal(r[0], 0);
  assert.ok(Math.abs(r[2] - 1) < 1e-12, String(r[2]));
  assert.ok(Math.abs(r[1]) < 1e-12, 'rising evenly across the selection: uncorrelated');
});

test('units sort by index, mean, variance or |correlation|, largest first', () => {
  const sel = { start: 1, end: 3 };
  assert.deepEqual(Array.from(unitOrder(values, 4, 3, 'index', sel)), [0, 1, 2]);
  assert.deepEqual(Array.from(unitOrder(values, 4, 3, 'mean', sel)), [1, 0, 2]);
  assert.deepEqual(Array.from(unitOrder(values, 4, 3, 'variance', sel)), [1, 2, 0]);
  assert.deepEqual(Array.from(unitOrder(values, 4, 3, 'correlation', sel)), [2, 0, 1]);
});

test('saturation: fractions below 0.1 and above 0.9', () => {
  assert.deepEqual(saturation(Float32Array.from([0.05, 0.5, 0.95, 0.99, 0.2])), { low: 0.2, high: 0.4 });
});
