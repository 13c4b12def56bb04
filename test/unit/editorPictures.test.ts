import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D2L_TOKENIZER } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { BUCKET_COLOURS, bucketOf, bucketSpans, colouredTokens, MAX_COLOURED_COLUMN } from '../../src/extension/editor/colourBuckets';
import { documentTokens } from '../../src/core/text/documentTokens';
import { gateHeatmapSvg, svgDataUri } from '../../src/extension/editor/gateHeatmap';

const NAMES = ['I', 'F', 'O', 'C_tilde', 'C', 'H'];

function layer(h: number, value: (j: number) => number): Record<string, Float32Array> {
  return Object.fromEntries(NAMES.map((n) => [n, Float32Array.from({ length: h }, (_, j) => value(j))]));
}

test('the heatmap draws every unit of every gate of every layer, one path per colour, with a legend', () => {
  const h = 50;
  const svg = gateHeatmapSvg([layer(h, (j) => (j % 3) - 1), layer(h, () => 7)], NAMES);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
  const paths = [...svg.matchAll(/<path fill="(#[0-9a-f]{6})" d="([^"]+)"\/>/g)];
  const cells = paths.reduce((n, p) => n + (p[2].match(/M/g)?.length ?? 0), 0);
  assert.equal(cells, 2 * NAMES.length * h);
  assert.deepEqual(paths.map((p) => p[1]).sort(), ['#2166ac', '#d62728', '#f0f0f0'], '−1 (the convention’s blue), +1 (its red; 7 is clamped) and 0');
  for (const label of ['I', 'F', 'O', 'C̃', 'C', 'H', 'L1', 'L2', '−1', '+1']) assert.ok(svg.includes(`>${label}</text>`), label);
  const uri = svgDataUri(svg);
  assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
  assert.equal(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').toString('utf8'), svg);
  assert.ok(uri.length < 40_000, `a hidden-256 picture stays small: ${gateHeatmapSvg([layer(256, (j) => Math.sin(j))], NAMES).length} characters`);
});

test('colour buckets: near zero stays plain, then five strengths per sign', () => {
  assert.equal(BUCKET_COLOURS.length, 10);
  assert.deepEqual([0, 0.1, -0.16, 0.17, 0.5, -0.99, 1, NaN].map(bucketOf), [-1, -1, -1, 5, 7, 4, 9, -1]);
});

test('bucket spans: a token colours its own text on its line, never a line break, never past the column cap', () => {
  const vocab = Vocab.fromTokens('abcdefghijklmnopqrstuvwxyz ');
  const text = 'ab, cd\r\nef';
  const doc = documentTokens(text, D2L_TOKENIZER, vocab); // a b ␣ c d e f: lines join with nothing
  const values = Float32Array.from([0.9, 0, -0.9, 0.9, 0.9, -0.5, NaN]);
  const spans = bucketSpans(doc, values, 0, 7);
  assert.deepEqual(spans[9], [{ line: 0, start: 0, end: 1 }, { line: 0, start: 4, end: 5 }, { line: 0, start: 5, end: 6 }]);
  assert.deepEqual(spans[4], [{ line: 0, start: 2, end: 4 }], 'the space stands for ", "');
  assert.deepEqual(spans[2], [{ line: 1, start: 0, end: 1 }]);
  const chars = documentTokens('a\nb', { kind: 'chars', maxVocab: 5 }, Vocab.fromTokens('ab\n'));
  assert.deepEqual(bucketSpans(chars, Float32Array.from([1, 1, 1]), 0, 3)[9], [{ line: 0, start: 0, end: 1 }, { line: 1, start: 0, end: 1 }]);
  const long = documentTokens('a'.repeat(MAX_COLOURED_COLUMN + 10), { kind: 'chars', maxVocab: 5 }, Vocab.fromTokens('a'));
  assert.equal(bucketSpans(long, new Float32Array(long.ids.length).fill(1), 0, long.ids.length)[9].length, MAX_COLOURED_COLUMN);
});

test('the tokens that colour lines: all of the lines before the last, and of a very long last line only its coloured columns', () => {
  const vocab = Vocab.fromTokens('ab\n');
  const chars = { kind: 'chars', maxVocab: 5 } as const;
  const text = `ab\n${'a'.repeat(MAX_COLOURED_COLUMN + 500)}\nb\n${'b'.repeat(10)}`;
  const doc = documentTokens(text, chars, vocab);
  const longStart = 3;
  const longEnd = longStart + MAX_COLOURED_COLUMN + 500;
  assert.deepEqual(colouredTokens(doc, 0, 0), { from: 0, to: 3 }, 'a short last line with its line break');
  assert.deepEqual(colouredTokens(doc, 0, 1), { from: 0, to: longStart + MAX_COLOURED_COLUMN }, 'the long last line to its column cap');
  assert.deepEqual(colouredTokens(doc, 1, 2), { from: longStart, to: longEnd + 3 }, 'a long line before the last is read whole');
  assert.deepEqual(colouredTokens(doc, 3, 3), { from: longEnd + 3, to: doc.ids.length }, 'the last line of the document');
});

test('a gate name from a crafted model is text in the heatmap, not markup', () => {
  const name = '<image href="http://127.0.0.1:9/x.png"/>&';
  const svg = gateHeatmapSvg([{ [name]: Float32Array.of(0.5) }], [name]);
  assert.doesNotMatch(svg, /<image/);
  assert.ok(svg.includes('&#60;image href=&#34;http://127.0.0.1:9/x.png&#34;/&#62;&#38;</text>'), svg);
});
