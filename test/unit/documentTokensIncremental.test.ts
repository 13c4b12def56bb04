import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTokens } from '../../src/core/text/documentTokens';
import { D2L_TOKENIZER, type Tokenizer } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { Rng } from '../../src/core/util/rng';
import { plainTokens } from './plainTokens';

// Letters of both cases, runs of non-letters, every kind of line break, a symbol outside the BMP
// (a surrogate pair an edit can split), characters the vocabularies lack.
const PIECES = ['a', 'b', 'Q', 'z', 'e', 'T', ' ', '  ', '.', ',', '--', '\n', '\r', '\r\n', '\n\n', '€', '𝔸', 'λ', '"'];

function randomText(rng: Rng, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[rng.int(0, PIECES.length - 1)]).join('');
}


/** Edits a text at random (inserts, deletions, replacements, small and large, at any UTF-16 offset) and checks each version. */
function checkEdits(tokenizer: Tokenizer, vocab: Vocab, seed: number): void {
  const rng = new Rng(seed);
  let text = randomText(rng, 400);
  let tokens = documentTokens(text, tokenizer, vocab);
  for (let edit = 0; edit < 400; edit++) {
    const at = rng.int(0, text.length);
    const removed = rng.next() < 0.1 ? rng.int(0, 200) : rng.int(0, 4);
    const inserted = rng.next() < 0.1 ? randomText(rng, rng.int(0, 60)) : randomText(rng, rng.int(0, 3));
    const next = text.slice(0, at) + inserted + text.slice(at + removed);
    const incremental = documentTokens(next, tokenizer, vocab, { text, tokens });
    assert.deepEqual(plainTokens(incremental), plainTokens(documentTokens(next, tokenizer, vocab)), `edit ${edit}: ${JSON.stringify(text)} → ${JSON.stringify(next)}`);
    text = next;
    tokens = incremental;
  }
}

test('after seeded random edits, the raw-character tokens made from the previous version equal a full tokenize', () => {
  for (const seed of [1, 2, 3]) checkEdits({ kind: 'chars', maxVocab: 8 }, Vocab.fromTokens(['a', 'b', ' ', '\n', '.', '𝔸']), seed);
});

test('after seeded random edits, the d2l tokens made from the previous version equal a full tokenize', () => {
  for (const seed of [1, 2, 3]) checkEdits(D2L_TOKENIZER, Vocab.fromTokens('abqet '), seed);
});

test('an edit of a long text re-tokenizes only near it: the tokens past it are the old ones, shifted', () => {
  const line = 'the time machine, by h g wells\n';
  const text = line.repeat(2000);
  const vocab = Vocab.fromTokens('abcdefghijklmnopqrstuvwxyz ');
  const before = documentTokens(text, D2L_TOKENIZER, vocab);
  const next = `${line}X${text.slice(line.length)}`;
  const after = documentTokens(next, D2L_TOKENIZER, vocab, { text, tokens: before });
  assert.deepEqual(plainTokens(after), plainTokens(documentTokens(next, D2L_TOKENIZER, vocab)));
  assert.equal(after.ids.length, before.ids.length + 1);
  assert.equal(after.starts.at(after.starts.length - 1), before.starts.at(before.starts.length - 1) + 1);
});

test('edits of a text many scan chunks long, at and beside the chunks\' edges and at both ends, equal a full tokenize', () => {
  const rng = new Rng(5);
  const base = randomText(rng, 12_000); // about 20,000 UTF-16 units: several 4,096-character chunks
  const vocab = Vocab.fromTokens(['a', 'b', ' ', '\n', '.', '𝔸']);
  const tokenizer: Tokenizer = { kind: 'chars', maxVocab: 8 };
  const tokens = documentTokens(base, tokenizer, vocab);
  for (const at of [0, 1, 4095, 4096, 4097, 8192, base.length - 4097, base.length - 4096, base.length - 1, base.length]) {
    for (const [removed, inserted] of [[0, 'Q'], [1, ''], [3, '\n€'], [5000, 'ab']] as const) {
      const next = base.slice(0, at) + inserted + base.slice(at + removed);
      assert.deepEqual(plainTokens(documentTokens(next, tokenizer, vocab, { text: base, tokens })), plainTokens(documentTokens(next, tokenizer, vocab)), `at ${at}, ${removed} removed, ${JSON.stringify(inserted)} inserted`);
    }
  }
});
