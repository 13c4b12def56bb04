/**
 * One colour convention for signed values: the editor's colouring contributes one theme colour
 * per bucket, and package.json's colours are exactly the ones the code asks for, with the
 * defaults the convention gives (blue negative, red positive, stronger further from zero).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUCKET_COLOURS, bucketOf } from '../../src/extension/editor/colourBuckets';
import { COLOURING_LEVELS, NEGATIVE_COLOUR, POSITIVE_COLOUR, colouringColourId, colouringDefault } from '../../src/protocol/signedColours';

interface ContributedColour {
  id: string;
  description: string;
  defaults: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { colors: ContributedColour[] } };

test('every bucket of the editor colouring is a contributed theme colour, with the convention’s default in every theme kind', () => {
  const contributed = new Map(manifest.contributes.colors.map((c) => [c.id, c]));
  assert.equal(BUCKET_COLOURS.length, 2 * COLOURING_LEVELS);
  assert.deepEqual(new Set(BUCKET_COLOURS), new Set(contributed.keys()));
  for (const sign of ['negative', 'positive'] as const) {
    for (let level = 0; level < COLOURING_LEVELS; level++) {
      const c = contributed.get(colouringColourId(sign, level));
      assert.ok(c, `${sign} ${level}`);
      assert.deepEqual(Object.keys(c.defaults).sort(), ['dark', 'highDark', 'highLight', 'light']);
      for (const v of Object.values(c.defaults)) assert.equal(v, colouringDefault(sign, level));
      assert.match(c.description, /^%colors\.colouring\.(negative|positive)%$/);
    }
  }
});

test('negative values are blue and positive red, the same in the hover picture and the editor, stronger further from zero', () => {
  const [nb, pb] = [NEGATIVE_COLOUR.rgb, POSITIVE_COLOUR.rgb];
  assert.ok(nb[2] > nb[0], 'negative is blue');
  assert.ok(pb[0] > pb[2], 'positive is red');
  assert.ok(colouringDefault('negative', 0).startsWith(`#${nb.map((x) => x.toString(16).padStart(2, '0')).join('')}`));
  const alpha = (hex: string) => parseInt(hex.slice(7, 9), 16);
  for (let level = 1; level < COLOURING_LEVELS; level++) assert.ok(alpha(colouringDefault('positive', level)) > alpha(colouringDefault('positive', level - 1)));
  assert.equal(BUCKET_COLOURS[bucketOf(-1)], colouringColourId('negative', COLOURING_LEVELS - 1));
  assert.equal(BUCKET_COLOURS[bucketOf(1)], colouringColourId('positive', COLOURING_LEVELS - 1));
});
