import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../src/core/text/corpus';
import { D2L_TOKENIZER, decode, encode } from '../../src/core/text/tokenizer';

const timeMachine = readFileSync(join(__dirname, '../../../media/samples/timemachine.txt'), 'utf8');

test('the d2l tokenizer gives the textbook corpus of The Time Machine: 170,580 tokens, vocabulary 28', () => {
  const { corpus, vocab } = loadCorpus(timeMachine, D2L_TOKENIZER);
  assert.equal(corpus.length, 170580);
  assert.equal(vocab.size, 28);
  // d2l's printed order: <unk>, space, then letters by falling frequency
  assert.deepEqual(vocab.idxToToken, ['<unk>', ' ', 'e', 't', 'a', 'i', 'n', 'o', 's', 'h', 'r', 'd', 'l', 'm', 'u', 'c', 'f', 'w', 'g', 'y', 'p', 'b', 'v', 'k', 'x', 'z', 'j', 'q']);
  // "The Time Machine, by H. G. Wells [1898]" then blank lines, "I", blank lines, "The Time Traveller ..."
  assert.equal(decode(corpus.subarray(0, 50), vocab), 'the time machine by h g wellsithe time traveller f');
});

test('encoding with the corpus vocabulary reproduces the corpus', () => {
  const { corpus, vocab } = loadCorpus(timeMachine, D2L_TOKENIZER);
  assert.deepEqual(encode(timeMachine, D2L_TOKENIZER, vocab), corpus);
});

test('the raw-character tokenizer keeps newlines and caps the vocabulary', () => {
  const source = 'def f(x):\n    return x\n';
  const full = loadCorpus(source, { kind: 'chars', maxVocab: 100 });
  assert.equal(full.corpus.length, source.length);
  assert.equal(decode(full.corpus, full.vocab), source);
  assert.ok(full.vocab.idxToToken.includes('\n'));

  const capped = loadCorpus(source, { kind: 'chars', maxVocab: 3 });
  // space ×6, then e, f, x, \n and r ×2, of which e occurs first
  assert.deepEqual(capped.vocab.idxToToken, ['<unk>', ' ', 'e']);
  assert.equal(decode(capped.corpus, capped.vocab), source.replace(/[^ e]/g, '<unk>'));
});

test('unusable text is refused with its reason', () => {
  assert.throws(() => loadCorpus('', D2L_TOKENIZER), /empty/);
  assert.throws(() => loadCorpus('12 + 34;\n', D2L_TOKENIZER), /no letters A–Z.*raw-character tokenizer/);
  assert.throws(() => loadCorpus('PK\u0003\u0004\0\0', { kind: 'chars', maxVocab: 10 }), /binary/);
});
