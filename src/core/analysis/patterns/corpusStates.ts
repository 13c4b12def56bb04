/**
 * The hidden states of a corpus, held for pattern search: the top layer's H after every step of
 * every document, one byte a value (stateLevels.ts), unit-major: unit u's column holds its level
 * at every step of the corpus, documents one after another, so a query over the units S scans
 * |S| columns and never the other units'. At hidden 256 a 2,000,000-step corpus holds 512 MB of
 * columns plus 16 MB of token offsets (for opening a match in the editor): 504 MiB in all.
 */
import { levelValue } from './stateLevels';

/** One document as read into the store. */
export interface StoredDocument {
  /** The name or URI it was given. */
  readonly name: string;
  /** The column index of its first step. */
  readonly first: number;
  /** Steps read (its tokens, or fewer where the read was capped or cancelled). */
  readonly steps: number;
  /** UTF-16 offset in its text where step t's token starts, and just past it (a d2l space spans a run of non-letters). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export class CorpusStates {
  /**
   * @param columns per unit, its level at every column index (steps of no document are never read)
   * @param documents in column order, not overlapping
   */
  constructor(
    readonly columns: readonly Uint8ClampedArray[],
    readonly documents: readonly StoredDocument[],
  ) {}

  get hiddenSize(): number {
    return this.columns.length;
  }

  /** Steps read, over all documents. */
  get steps(): number {
    return this.documents.reduce((n, d) => n + d.steps, 0);
  }

  /** Bytes the store holds: the columns and the token offsets. */
  get bytes(): number {
    const columns = this.columns.reduce((n, c) => n + c.byteLength, 0);
    return this.documents.reduce((n, d) => n + d.starts.byteLength + d.ends.byteLength, columns);
  }

  /** H of `unit` after step `step` of document `document` (within half a level of the model's). */
  value(document: number, step: number, unit: number): number {
    return levelValue(this.columns[unit][this.documents[document].first + step]);
  }
}
