/**
 * The translations are complete: l10n/bundle.l10n.json holds every `vscode.l10n.t` string of the
 * sources (exported as `npm run l10n` does), and every string of it and of package.nls.json has a
 * zh-cn translation with the same placeholders, in Chinese.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(__dirname, '..', '..', '..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;

/** Strings that are names or a placeholder alone, the same in every language. */
const UNTRANSLATED = new Set(['LSTM Lens', 'TensorFlow.js', 'LSTM Lens: {0}']);
/** A Han character: a translated value has at least one. */
const CHINESE = /[\u4e00-\u9fff]/;

const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();

/** What the exporter makes of src/ today (the same call as the l10n script's CLI). */
async function exportedKeys(): Promise<string[]> {
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => extname(f) === '.ts');
  const json = await getL10nJson(files.map((f) => ({ contents: readFileSync(join(root, 'src', f), 'utf8'), extension: '.ts' })));
  return Object.keys(json);
}

function assertTranslated(english: Record<string, string>, chinese: Record<string, string>, file: string): void {
  const missing = Object.keys(english).filter((k) => !(k in chinese));
  assert.deepEqual(missing, [], `${file} lacks these strings`);
  for (const [key, text] of Object.entries(english)) {
    const zh = chinese[key];
    assert.deepEqual(placeholders(zh), placeholders(text), `${file}: the placeholders of ${JSON.stringify(key)}`);
    if (!UNTRANSLATED.has(text)) assert.match(zh, CHINESE, `${file}: ${JSON.stringify(key)} is not translated`);
  }
  assert.deepEqual(Object.keys(chinese).filter((k) => !(k in english)), [], `${file} has strings no longer in the English`);
}

test('l10n/bundle.l10n.json is up to date with the sources (run npm run l10n)', async () => {
  const bundle = Object.keys(readJson('l10n/bundle.l10n.json'));
  const sources = await exportedKeys();
  assert.deepEqual(sources.filter((k) => !bundle.includes(k)), [], 'strings in the sources but not in the bundle');
  assert.deepEqual(bundle.filter((k) => !sources.includes(k)), [], 'strings in the bundle but no longer in the sources');
});

test('every string of the host bundle has a zh-cn translation with the same placeholders', () => {
  const english = readJson('l10n/bundle.l10n.json');
  assertTranslated(Object.fromEntries(Object.keys(english).map((k) => [k, k])), readJson('l10n/bundle.l10n.zh-cn.json'), 'l10n/bundle.l10n.zh-cn.json');
});

test('every key of package.nls.json has a zh-cn translation with the same placeholders', () => {
  assertTranslated(readJson('package.nls.json'), readJson('package.nls.zh-cn.json'), 'package.nls.zh-cn.json');
});
