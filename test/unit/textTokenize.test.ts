import { test } from 'node:test';
import assert from 'node:assert/strict';
import { d2lTokenize, d2lTokenizeWithOffsets, rawCharTokenize, rawCharTokenizeWithOffsets } from '../../src/core/text/tokenize';
import { D2L_TOKENIZER, parseTokenizer, tokenizeWithOffsets } from '../../src/core/text/tokenizer';

test("d2l: each run of non-letters is one space, lines are stripped, lowercased and joined with nothing", () => {
  // Python: ''.join(re.sub('[^A-Za-z]+', ' ', l).strip().lower() for l in text.splitlines())
  assert.equal(d2lTokenize('  Hello, World!! \nIt\'s 42 o\'clock\n\n--Fin--').join(''), "hello worldit s o clockfin");
  assert.equal(d2lTokenize('A\r\nB\rC\nD').join(''), 'abcd'); // universal newlines, as Python's text mode
  assert.equal(d2lTokenize('Ünïcode café').join(''), 'n code caf'); // [^A-Za-z] is ASCII-only
  assert.deepEqual(d2lTokenize('\n \t\n'), []);
});

test('d2l offsets point at the letter, and a space at the start of its non-letter run', () => {
  const text = 'Hi, you\nThere';
  const { tokens, offsets } = d2lTokenizeWithOffsets(text);
  assert.equal(tokens.join(''), 'hi youthere');
  assert.deepEqual(offsets, [0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12]);
  tokens.forEach((t, i) => assert.equal(t === ' ' ? ' ' : text[offsets[i]].toLowerCase(), t));
});

test('raw characters keep everything and count astral symbols as one token', () => {
  const text = 'if (a) {\n\tb😀c\r\n}';
  assert.equal(rawCharTokenize(text).join(''), text);
  const { tokens, offsets } = rawCharTokenizeWithOffsets(text);
  assert.deepEqual(tokens, rawCharTokenize(text));
  assert.equal(tokens.length, text.length - 1);
  const smiley = tokens.indexOf('😀');
  assert.deepEqual(offsets.slice(smiley, smiley + 2), [11, 13]);
  assert.deepEqual(tokenizeWithOffsets(text, { kind: 'chars', maxVocab: 50 }).offsets, offsets);
});

test('tokenizer descriptions round-trip through JSON and bad ones are named', () => {
  for (const t of [D2L_TOKENIZER, { kind: 'chars', maxVocab: 96 }] as const) {
    assert.deepEqual(parseTokenizer(JSON.parse(JSON.stringify(t))), t);
  }
  assert.throws(() => parseTokenizer({ kind: 'words' }), /Unknown tokenizer kind "words"/);
  assert.throws(() => parseTokenizer({ kind: 'chars' }), /maxVocab/);
  assert.throws(() => parseTokenizer(null), /must be an object/);
});
