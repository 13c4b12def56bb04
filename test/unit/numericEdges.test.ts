import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logSoftmax, softmax } from '../../src/core/infer/distribution';
import { pickToken } from '../../src/core/infer/sampling';
import { intFlag, numberFlag } from '../../src/cli/options';
import { Rng } from '../../src/core/util/rng';

test('logSoftmax stays a distribution for logits near the largest double', () => {
  const p = softmax([1e308, 1e308, 1e308 - 1e293]);
  assert.ok(Math.abs(p[0] - 0.5) < 1e-12 && Math.abs(p[1] - 0.5) < 1e-12, `${Array.from(p).join(', ')}`);
  assert.equal(p[2], 0);
  const big = softmax([1e300, 1e300 + 1e285, 0]);
  assert.ok(Math.abs(big.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.deepEqual(Array.from(logSoftmax([1, 2, 3]).map((x) => Math.round(x * 1e6) / 1e6)), [-2.407606, -1.407606, -0.407606]);
});

test('logSoftmax of infinite logits: the +∞ ones share the probability, all −∞ is uniform', () => {
  assert.deepEqual(Array.from(softmax([Infinity, 0, Infinity])), [0.5, 0, 0.5]);
  assert.deepEqual(Array.from(softmax([-Infinity, -Infinity])), [0.5, 0.5]);
  assert.ok(Array.from(softmax([NaN, 1])).every(Number.isNaN));
});

test('a subnormal temperature samples the argmax instead of garbage', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 50; i++) assert.equal(pickToken([0.1, 2.5, 2.4, -1], { kind: 'sample', temperature: 5e-324, rng }), 1);
});

test('integer flags take decimal digits only; numbers take plain decimals', () => {
  assert.equal(intFlag('epochs', '16', 1, 1), 16);
  for (const bad of ['0x10', ' 3', '3 ', '', '1e3', '+3', '-1', '3.0', '1_000']) assert.throws(() => intFlag('epochs', bad, 1, 1), /--epochs must be an integer/, bad);
  assert.throws(() => intFlag('threads', '1000', 1, 1, 64), /--threads must be an integer from 1 to 64/);
  assert.equal(numberFlag('temperature', '0.5', 0), 0.5);
  assert.equal(numberFlag('temperature', '.5', 0), 0.5);
  assert.equal(numberFlag('temperature', '1e-2', 0), 0.01);
  for (const bad of ['', ' 1', '0x1', '-1', 'Infinity', '1e999', 'NaN']) assert.throws(() => numberFlag('temperature', bad, 0), /--temperature must be a number/, bad);
});
