import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NUMERIC_SETTINGS, boundedValue, inBounds, type NumericSetting } from '../../src/extension/settingBounds';

interface SchemaProperty {
  readonly type: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { title: string; properties: Record<string, SchemaProperty> }[] };
};
/** The settings of every group (Training, Model, Editor, Advanced). */
const properties = manifest.contributes.configuration.flatMap((group) => Object.entries(group.properties));
const numeric = properties.filter(([, p]) => p.type === 'number' || p.type === 'integer');

test('every numeric setting of the manifest has the bounds, default and integer-ness the code applies', () => {
  const inManifest = numeric.map(([key]) => key.replace(/^lstmLens\./, '')).sort();
  assert.deepEqual(inManifest, Object.keys(NUMERIC_SETTINGS).sort());
  for (const [key, p] of numeric) {
    const b = NUMERIC_SETTINGS[key.replace(/^lstmLens\./, '') as NumericSetting];
    assert.equal(b.default, p.default, `${key} default`);
    assert.equal(b.min, p.minimum ?? -Infinity, `${key} minimum`);
    assert.equal(b.max, p.maximum ?? Infinity, `${key} maximum`);
    assert.equal(b.integer, p.type === 'integer', `${key} integer`);
  }
});

test('a setting beyond its schema is clamped; a non-number reads as the default', () => {
  assert.equal(boundedValue('explorer.maxChars', 200_000), 20_000);
  assert.equal(boundedValue('explorer.maxChars', 1), 10);
  assert.equal(boundedValue('explorer.maxChars', 2500.7), 2500);
  assert.equal(boundedValue('explorer.maxChars', '5000'), 2000);
  assert.equal(boundedValue('explorer.maxChars', Number.NaN), 2000);
  assert.equal(boundedValue('train.checkpointEverySeconds', 0.5), 1);
  assert.equal(boundedValue('completions.temperature', 0.25), 0.25);
});

test('a model setting outside its schema is reported, not used', () => {
  assert.equal(inBounds('model.hiddenSize', 256), true);
  assert.equal(inBounds('model.hiddenSize', 1e6), false);
  assert.equal(inBounds('model.numLayers', 1e7), false);
  assert.equal(inBounds('model.numLayers', 0), false);
  assert.equal(inBounds('train.epochs', '20'), false);
  assert.equal(inBounds('units.maxChars', 150.5), false);
});

test('the settings come in groups, Training, Model, Editor and Advanced, the debug setting last', () => {
  assert.deepEqual(manifest.contributes.configuration.map((g) => g.title), ['%config.group.training%', '%config.group.model%', '%config.group.editor%', '%config.group.advanced%']);
  assert.equal(properties.at(-1)?.[0], 'lstmLens.debug.failEngineAfterBatches');
  assert.equal(new Set(properties.map(([k]) => k)).size, properties.length, 'no setting in two groups');
});
