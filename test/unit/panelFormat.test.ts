/** The panel's template filler (webview/panel/format.ts): a translation's own word order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format } from '../../webview/panel/format';

test('each {n} takes its argument, wherever the template puts it', () => {
  assert.equal(format('{0} · {1} steps × {2} units', 'fox', 12, 64), 'fox · 12 steps × 64 units');
  assert.equal(format('由 {1} 追踪（{0} ms）', 3.5, 'fused'), '由 fused 追踪（3.5 ms）');
});

test('a placeholder used twice is filled twice; one without an argument stays as it is', () => {
  assert.equal(format('{0}/{0} {1}', 'a'), 'a/a {1}');
});

test('a value that looks like a placeholder is not filled again', () => {
  assert.equal(format('{0} and {1}', '{1}', 'x'), '{1} and x');
});
