/**
 * d2l's `Vocab` (d2l.ai ch. 8.2): token ↔ index, `<unk>` at index 0, then the corpus's tokens
 * by frequency, most frequent first. Ties keep first-occurrence order, as Python's stable
 * `sorted(counter.items(), key=freq, reverse=True)` leaves a `Counter` (insertion-ordered).
 */

/** d2l's unknown token; every token outside the vocabulary maps to it. */
export const UNK = '<unk>';

export class Vocab {
  /** d2l's `idx_to_token`: index → token, `<unk>` first. */
  readonly idxToToken: readonly string[];
  /** d2l's `token_to_idx`. */
  private readonly tokenToIdx: ReadonlyMap<string, number>;

  /** A vocabulary from its tokens in index order (for example read back from a checkpoint). */
  constructor(idxToToken: readonly string[]) {
    if (idxToToken[0] !== UNK) throw new Error(`A vocabulary must start with ${UNK}, got ${JSON.stringify(idxToToken[0])}`);
    const tokenToIdx = new Map<string, number>();
    idxToToken.forEach((token, i) => {
      if (tokenToIdx.has(token)) throw new Error(`Vocabulary lists ${JSON.stringify(token)} twice (indices ${tokenToIdx.get(token)} and ${i})`);
      tokenToIdx.set(token, i);
    });
    this.idxToToken = [...idxToToken];
    this.tokenToIdx = tokenToIdx;
  }

  /**
   * d2l's `Vocab(tokens)`: counts the tokens and orders them by frequency. With `maxSize`
   * (counting `<unk>`), only the `maxSize - 1` most frequent tokens get their own index.
   */
  static fromTokens(tokens: Iterable<string>, maxSize = Infinity): Vocab {
    const counter = new Map<string, number>(); // a Map iterates in insertion order, like Counter
    for (const t of tokens) counter.set(t, (counter.get(t) ?? 0) + 1);
    return Vocab.fromCounts(counter, maxSize);
  }

  /** The same from each token's count, in the order the tokens first appeared (a corpus counted as it is read). */
  static fromCounts(counts: ReadonlyMap<string, number>, maxSize = Infinity): Vocab {
    if (!(maxSize >= 1)) throw new Error(`Vocabulary size cap must be at least 1 (for ${UNK}), got ${maxSize}`);
    const counter = new Map(counts);
    counter.delete(UNK);
    // Array.prototype.sort is stable (ES2019), so ties stay in first-occurrence order.
    const tokenFreqs = [...counter].sort((a, b) => b[1] - a[1]);
    return new Vocab([UNK, ...tokenFreqs.slice(0, maxSize - 1).map(([token]) => token)]);
  }

  /** len(vocab). */
  get size(): number {
    return this.idxToToken.length;
  }

  /** vocab[token]: the token's index, 0 (`<unk>`) when unknown. */
  indexOf(token: string): number {
    return this.tokenToIdx.get(token) ?? 0;
  }

  /** vocab.to_tokens(index). */
  tokenAt(index: number): string {
    const t = this.idxToToken[index];
    if (t === undefined) throw new Error(`Token index ${index} is outside the vocabulary of ${this.size}`);
    return t;
  }
}
