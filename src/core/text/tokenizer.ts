/**
 * Which tokenizer a model uses, as plain JSON that checkpoints and messages carry, and the
 * encode/decode that go with a vocabulary.
 */
import { TokenSpans, TokenVisitor, d2lTokenizeWithOffsets, forEachD2lToken, forEachRawChar, rawCharTokenizeWithOffsets } from './tokenize';
import { Vocab } from './vocab';

/**
 * `d2l`: letters only, lowercased, non-letter runs as one space (the textbook's preprocessing).
 * `chars`: every character, for source code; the vocabulary keeps the `maxVocab` most frequent
 * (counting `<unk>`) and maps the rest to `<unk>`.
 */
export type Tokenizer = { readonly kind: 'd2l' } | { readonly kind: 'chars'; readonly maxVocab: number };

/** The textbook's tokenizer. */
export const D2L_TOKENIZER: Tokenizer = { kind: 'd2l' };

/** Tokens of `text` and the UTF-16 offset where each starts. */
export function tokenizeWithOffsets(text: string, tokenizer: Tokenizer): TokenSpans {
  return tokenizer.kind === 'd2l' ? d2lTokenizeWithOffsets(text) : rawCharTokenizeWithOffsets(text);
}

/** Tells each token of `text` and its offset, in order, without arrays of them. */
export function forEachToken(text: string, tokenizer: Tokenizer, visit: TokenVisitor): void {
  if (tokenizer.kind === 'd2l') forEachD2lToken(text, visit);
  else forEachRawChar(text, visit);
}

/** Tokens of `text`. */
export function tokenize(text: string, tokenizer: Tokenizer): string[] {
  return tokenizeWithOffsets(text, tokenizer).tokens;
}

/** Token ids of `text`; tokens outside the vocabulary become `<unk>` (0). */
export function encode(text: string, tokenizer: Tokenizer, vocab: Vocab): Int32Array {
  return Int32Array.from(tokenize(text, tokenizer), (t) => vocab.indexOf(t));
}

/** d2l's `''.join([vocab.idx_to_token[i] for i in outputs])`. */
export function decode(ids: ArrayLike<number>, vocab: Vocab): string {
  return Array.from(ids, (i) => vocab.tokenAt(i)).join('');
}

/** Checks a tokenizer read from JSON (a checkpoint, a message); throws naming what is wrong. */
export function parseTokenizer(value: unknown): Tokenizer {
  const v = value as { kind?: unknown; maxVocab?: unknown } | null;
  if (typeof v !== 'object' || v === null) throw new Error(`Tokenizer must be an object, got ${JSON.stringify(value)}`);
  if (v.kind === 'd2l') return D2L_TOKENIZER;
  if (v.kind === 'chars') {
    if (typeof v.maxVocab !== 'number' || !Number.isInteger(v.maxVocab) || v.maxVocab < 2) {
      throw new Error(`Tokenizer 'chars' needs an integer maxVocab ≥ 2, got ${JSON.stringify(v.maxVocab)}`);
    }
    return { kind: 'chars', maxVocab: v.maxVocab };
  }
  throw new Error(`Unknown tokenizer kind ${JSON.stringify(v.kind)}: expected 'd2l' or 'chars'`);
}
