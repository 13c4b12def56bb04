import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNK, Vocab } from '../../src/core/text/vocab';
import { unusableTextReason } from '../../src/core/text/textCheck';

test('Vocab orders by frequency, ties in first-occurrence order, <unk> first', () => {
  // Python: sorted(Counter('abbcccdde').items(), key=lambda x: x[1], reverse=True)
  //   → [('c', 3), ('b', 2), ('d', 2), ('a', 1), ('e', 1)]
  const vocab = Vocab.fromTokens('abbcccdde');
  assert.deepEqual(vocab.idxToToken, [UNK, 'c', 'b', 'd', 'a', 'e']);
  assert.equal(vocab.size, 6);
  assert.equal(vocab.indexOf('d'), 3);
  assert.equal(vocab.indexOf('z'), 0);
  assert.equal(vocab.tokenAt(1), 'c');
  assert.throws(() => vocab.tokenAt(6), /outside the vocabulary of 6/);
});

test('a size cap keeps the most frequent tokens and sends the rest to <unk>', () => {
  const vocab = Vocab.fromTokens('abbcccdde', 3);
  assert.deepEqual(vocab.idxToToken, [UNK, 'c', 'b']);
  assert.equal(vocab.indexOf('a'), 0);
  assert.throws(() => Vocab.fromTokens('ab', 0), /at least 1/);
});

test('a vocabulary rebuilt from its token list is the same vocabulary', () => {
  const vocab = Vocab.fromTokens('hello world');
  const again = new Vocab(JSON.parse(JSON.stringify(vocab.idxToToken)));
  assert.deepEqual(again.idxToToken, vocab.idxToToken);
  assert.equal(again.indexOf('l'), vocab.indexOf('l'));
  assert.throws(() => new Vocab(['a']), /must start with <unk>/);
  assert.throws(() => new Vocab([UNK, 'a', 'a']), /"a" twice/);
});

test('binary and empty inputs are named, ordinary text and code pass', () => {
  assert.match(unusableTextReason('') ?? '', /empty/);
  assert.match(unusableTextReason(' \n\t ') ?? '', /only whitespace/);
  assert.match(unusableTextReason('abc\0def') ?? '', /NUL/);
  assert.match(unusableTextReason('\u0001\u0002\u0003abcde\ufffd\ufffd') ?? '', /50% .* binary/);
  assert.equal(unusableTextReason('int main() {\r\n\treturn 0;\f\n}\n'), undefined);
  assert.equal(unusableTextReason('Zeitmaschine – 时间机器'), undefined);
});
