/**
 * A document as a model reads it: token ids, the span of text each token stands for, where
 * lines start, and the characters the vocabulary lacks. The d2l tokenizer lowercases letters
 * and reads a run of non-letters as one space, so a token's span can be longer than one
 * character and some characters belong to no token at all; these spans map editor positions
 * to steps. vscode-free.
 */
import type { Tokenizer } from './tokenizer';
import { tokenizeWithOffsets } from './tokenizer';
import { UNK, Vocab } from './vocab';

/** Characters read as `<unk>`: how many, and the first few distinct ones. */
export interface UnknownChars {
  readonly count: number;
  readonly examples: readonly string[];
}

export interface DocumentTokens {
  readonly ids: Int32Array;
  /** UTF-16 offset where each token's text starts. */
  readonly starts: Int32Array;
  /** Offset just past each token's text (for a d2l space: the run of non-letters it stands for). */
  readonly ends: Int32Array;
  /** Offset where each line starts (line breaks as VS Code counts them: \r\n, \n, \r). */
  readonly lineStarts: Int32Array;
  /** Offset where each line's text ends, before its line break. */
  readonly lineEnds: Int32Array;
  readonly unknown: UnknownChars;
}

const MAX_UNKNOWN_EXAMPLES = 5;

function linesOf(text: string): { lineStarts: Int32Array; lineEnds: Int32Array } {
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    ends.push(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  ends.push(text.length);
  return { lineStarts: Int32Array.from(starts), lineEnds: Int32Array.from(ends) };
}

/** Tokenizes `text` for a model with this tokenizer and vocabulary. */
export function documentTokens(text: string, tokenizer: Tokenizer, vocab: Vocab): DocumentTokens {
  const { tokens, offsets } = tokenizeWithOffsets(text, tokenizer);
  const n = tokens.length;
  const ids = new Int32Array(n);
  const ends = new Int32Array(n);
  const examples = new Set<string>();
  let count = 0;
  for (let t = 0; t < n; t++) {
    const tok = tokens[t];
    ids[t] = vocab.indexOf(tok);
    if (ids[t] === 0 && tok !== UNK) {
      count++;
      if (examples.size < MAX_UNKNOWN_EXAMPLES) examples.add(tok);
    }
    // A d2l space is always followed by the letter that ended its run.
    ends[t] = tokenizer.kind === 'd2l' && tok === ' ' ? offsets[t + 1] : offsets[t] + tok.length;
  }
  return { ids, starts: Int32Array.from(offsets), ends, ...linesOf(text), unknown: { count, examples: [...examples] } };
}

/** How many tokens start before `offset`. */
export function tokensBefore(doc: Pick<DocumentTokens, 'starts'>, offset: number): number {
  let lo = 0;
  let hi = doc.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (doc.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The token whose text holds the character at `offset`, or −1 when the tokenizer dropped it. */
export function tokenAt(doc: DocumentTokens, offset: number): number {
  const t = tokensBefore(doc, offset + 1) - 1;
  return t >= 0 && offset < doc.ends[t] ? t : -1;
}

/** Line and UTF-16 column of `offset`. */
export function positionAt(doc: DocumentTokens, offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = doc.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (doc.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - doc.lineStarts[lo] };
}

const isAsciiLetter = (ch: string): boolean => /[A-Za-z]/.test(ch);

/**
 * What a reader at `offset` has read: the document's tokens before it, plus, for the d2l
 * tokenizer, the space that a run of non-letters just before the cursor will become once a
 * letter follows (d2l drops a run at the end of a line, so the document's tokens lack it).
 */
export function contextBefore(doc: DocumentTokens, text: string, offset: number, tokenizer: Tokenizer, vocab: Vocab): { count: number; pending: number[] } {
  const count = tokensBefore(doc, offset);
  if (tokenizer.kind !== 'd2l') return { count, pending: [] };
  let runStart = offset;
  while (runStart > 0 && !isAsciiLetter(text[runStart - 1]) && text[runStart - 1] !== '\n' && text[runStart - 1] !== '\r') runStart--;
  const afterLetter = runStart < offset && runStart > 0 && isAsciiLetter(text[runStart - 1]);
  const counted = count > 0 && doc.starts[count - 1] >= runStart;
  return { count, pending: afterLetter && !counted ? [vocab.indexOf(' ')] : [] };
}
