/**
 * loadCorpus reads a text twice through the tokenizer's visits (counting, then writing ids)
 * instead of making an array of its tokens: the corpus and the vocabulary are those of the
 * tokens array, for both tokenizers, a capped vocabulary and every kind of line break.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus } from '../../src/core/text/corpus';
import { D2L_TOKENIZER, type Tokenizer, tokenize } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';

const TEXT = "The Time Traveller (for so it will be convenient to speak of him)\r\nwas expounding -- 42 'matters'\n\n\rto us. λ𝔸 <unk> end";

for (const tokenizer of [D2L_TOKENIZER, { kind: 'chars', maxVocab: 10 }, { kind: 'chars', maxVocab: 1000 }] as Tokenizer[]) {
  test(`loadCorpus with the ${JSON.stringify(tokenizer)} tokenizer gives the tokens array's vocabulary and ids`, () => {
    const tokens = tokenize(TEXT, tokenizer);
    const vocab = Vocab.fromTokens(tokens, tokenizer.kind === 'chars' ? tokenizer.maxVocab : Infinity);
    const got = loadCorpus(TEXT, tokenizer);
    assert.deepEqual(got.vocab.idxToToken, vocab.idxToToken);
    assert.deepEqual([...got.corpus], tokens.map((t) => vocab.indexOf(t)));
  });
}
