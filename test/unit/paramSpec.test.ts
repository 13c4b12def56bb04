import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramShapes, paramCount, validateParams, cloneParams } from '../../src/core/model/paramSpec';
import type { ModelConfig } from '../../src/core/model/config';

const lstm: ModelConfig = { cell: 'lstm', vocabSize: 28, hiddenSize: 256, numLayers: 1 };

test('LSTM parameters have d2l names and shapes', () => {
  const spec = paramShapes(lstm);
  const byName = new Map(spec.map((p) => [p.name, p.shape]));
  assert.deepEqual(byName.get('l0.W_xi'), [28, 256]);
  assert.deepEqual(byName.get('l0.W_hc'), [256, 256]);
  assert.deepEqual(byName.get('l0.b_o'), [256]);
  assert.deepEqual(byName.get('W_hq'), [256, 28]);
  // 4 gates × (28·256 + 256·256 + 256) + head 256·28 + 28: d2l's scratch LSTM count
  assert.equal(paramCount(lstm), 4 * (28 * 256 + 256 * 256 + 256) + 256 * 28 + 28);
});

test('a second layer reads the hidden state of the first', () => {
  const spec = paramShapes({ ...lstm, numLayers: 2 });
  assert.deepEqual(spec.find((p) => p.name === 'l1.W_xf')?.shape, [256, 256]);
});

test('validateParams names the missing or wrong-sized parameter', () => {
  const cfg: ModelConfig = { cell: 'rnn', vocabSize: 3, hiddenSize: 2, numLayers: 1 };
  const params = new Map(paramShapes(cfg).map((p) => [p.name, new Float32Array(p.shape.reduce((a, b) => a * b, 1))]));
  validateParams(cfg, params);
  const copy = cloneParams(params);
  copy.set('l0.W_hh', new Float32Array(3));
  assert.throws(() => validateParams(cfg, copy), /l0\.W_hh has 3 values, expected 4/);
  copy.delete('l0.W_hh');
  assert.throws(() => validateParams(cfg, copy), /Missing parameter l0\.W_hh/);
});
