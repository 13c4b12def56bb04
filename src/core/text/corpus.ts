/** d2l's `load_corpus_time_machine` for any text and either tokenizer. */
import { unusableTextReason } from './textCheck';
import { Tokenizer, forEachToken } from './tokenizer';
import { Vocab } from './vocab';

/** A corpus as token ids and the vocabulary built from it. */
export interface Corpus {
  readonly corpus: Int32Array;
  readonly vocab: Vocab;
}

/**
 * Tokenizes `text`, builds the vocabulary from it and maps every token to its index.
 * Throws with a reason the user can act on when the text is unusable or has no tokens.
 */
export function loadCorpus(text: string, tokenizer: Tokenizer): Corpus {
  const reason = unusableTextReason(text);
  if (reason) throw new Error(reason);
  // Two reads of the text, counting, then writing the ids: a long corpus never has an array of its tokens as strings.
  const counts = new Map<string, number>();
  let length = 0;
  forEachToken(text, tokenizer, (t) => {
    counts.set(t, (counts.get(t) ?? 0) + 1);
    length++;
  });
  if (length === 0) {
    throw new Error("The text has no letters A–Z, and the d2l tokenizer keeps only letters: use the raw-character tokenizer for this text.");
  }
  const vocab = Vocab.fromCounts(counts, tokenizer.kind === 'chars' ? tokenizer.maxVocab : Infinity);
  const corpus = new Int32Array(length);
  let i = 0;
  forEachToken(text, tokenizer, (t) => (corpus[i++] = vocab.indexOf(t)));
  return { corpus, vocab };
}
