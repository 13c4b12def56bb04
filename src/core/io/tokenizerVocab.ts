/**
 * Whether a saved vocabulary is one its tokenizer could have built: `<unk>` and then tokens the
 * tokenizer produces (d2l's: a lowercase letter or a space; chars: one Unicode code point), no
 * more than the tokenizer keeps. A vocabulary of other strings would be drawn and sampled but
 * never matched by encoding text.
 */
import type { Tokenizer } from '../text/tokenizer';
import { UNK } from '../text/vocab';

const D2L_TOKEN = /^[a-z ]$/;

function isOneCodePoint(token: string): boolean {
  if (token.length === 1) return true;
  if (token.length !== 2) return false;
  const hi = token.charCodeAt(0);
  const lo = token.charCodeAt(1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Throws, naming the first bad entry, unless `vocab` is `<unk>` then tokens `tokenizer` produces. */
export function checkTokenizerVocab(vocab: unknown, tokenizer: Tokenizer, vocabSize: number): asserts vocab is string[] {
  if (!Array.isArray(vocab)) throw new Error('vocab must be an array of token strings');
  // The length first: a million-entry vocabulary is refused before any entry is looked at.
  if (vocab.length !== vocabSize) throw new Error(`The vocabulary has ${vocab.length} tokens but the model's vocabSize is ${vocabSize}`);
  if (tokenizer.kind === 'chars' && vocab.length > tokenizer.maxVocab) {
    throw new Error(`the vocabulary has ${vocab.length} tokens, more than the tokenizer's maxVocab ${tokenizer.maxVocab}`);
  }
  const produces = tokenizer.kind === 'd2l' ? (t: string) => D2L_TOKEN.test(t) : isOneCodePoint;
  vocab.forEach((t: unknown, i) => {
    if (typeof t !== 'string') throw new Error(`vocab[${i}] is ${JSON.stringify(t)}, not a token string`);
    if (i === 0 ? t !== UNK : !produces(t)) {
      const want = i === 0 ? UNK : tokenizer.kind === 'd2l' ? 'a lowercase letter or a space' : 'one character';
      throw new Error(`vocab[${i}] is ${JSON.stringify(t)}, but the ${tokenizer.kind} tokenizer's token there is ${want}`);
    }
  });
}
