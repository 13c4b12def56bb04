/** The Patterns view's messages: a match list whose buffers, spans or sizes disagree is refused, as the host and the panel drop what does not parse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostToPanel, parsePanelToHost } from '../../src/protocol/messages';

const heatmap = { first: 1, steps: 4, units: [3, 7], values: new Float32Array(8) };
const match = { uri: 'file:///fox.txt', label: 'fox.txt', from: 48, to: 52, start: 48, end: 52, before: 'the q', text: 'uick', after: ' brown', score: 0, shared: 2, extra: 2, heatmap };
const result = { modelName: 'fox', units: [3, 7], threshold: 0.3, documents: 2, chars: 1892, partial: false, note: '', matches: [match] };
const shows = (r: unknown) => parseHostToPanel({ type: 'showPatternMatches', result: r }) !== undefined;

test('a match list is accepted as sent, and refused when a heatmap, a span or a count disagrees', () => {
  assert.ok(shows(result));
  assert.ok(!shows({ ...result, matches: [{ ...match, heatmap: { ...heatmap, values: new Float32Array(7) } }] }), 'a buffer shorter than units × steps');
  assert.ok(!shows({ ...result, matches: [{ ...match, heatmap: { ...heatmap, values: Array.from({ length: 8 }, () => 0) } }] }), 'numbers, not a Float32Array');
  assert.ok(!shows({ ...result, matches: [{ ...match, from: 53 }] }), 'text offsets running backwards');
  assert.ok(!shows({ ...result, matches: [{ ...match, end: 48 }] }), 'an empty span of steps');
  assert.ok(!shows({ ...result, matches: [{ ...match, shared: -1 }] }), 'a negative count');
  assert.ok(!shows({ ...result, matches: Array.from({ length: 1001 }, () => match) }), 'more matches than a view lists');
});

test('a search request carries whole units, and an open request a forward range', () => {
  const query = { type: 'searchPattern', modelName: 'fox', units: [3, 7], threshold: 0.3, spanLength: 4, reread: false };
  assert.ok(parsePanelToHost(query));
  assert.equal(parsePanelToHost({ ...query, units: [3.5] }), undefined);
  assert.equal(parsePanelToHost({ ...query, threshold: Number.NaN }), undefined);
  assert.ok(parsePanelToHost({ type: 'openPatternMatch', uri: 'file:///fox.txt', from: 4, to: 8 }));
  assert.equal(parsePanelToHost({ type: 'openPatternMatch', uri: 'file:///fox.txt', from: 8, to: 4 }), undefined);
});
