/**
 * A document as a model reads it: token ids, the span of text each token stands for, where
 * lines start, and the characters the vocabulary lacks. The d2l tokenizer lowercases letters
 * and reads a run of non-letters as one space, so a token's span can be longer than one
 * character and some characters belong to no token at all; these spans map editor positions
 * to steps. vscode-free.
 */
import { ChunkedColumn } from './chunkedColumn';
import type { Tokenizer } from './tokenizer';
import { tokenizeWithOffsets } from './tokenizer';
import { UNK, Vocab } from './vocab';

/** Characters read as `<unk>`: how many, and the first few distinct ones. */
export interface UnknownChars {
  readonly count: number;
  readonly examples: readonly string[];
}

/**
 * Columns shared with the versions before and after (ChunkedColumn): a keystroke copies the
 * few thousand values around its edit, not the columns.
 */
export interface DocumentTokens {
  readonly ids: ChunkedColumn;
  /** UTF-16 offset where each token's text starts. */
  readonly starts: ChunkedColumn;
  /** Offset just past each token's text (for a d2l space: the run of non-letters it stands for). */
  readonly ends: ChunkedColumn;
  /** Offset where each line starts (line breaks as VS Code counts them: \r\n, \n, \r). */
  readonly lineStarts: ChunkedColumn;
  /** Offset where each line's text ends, before its line break. */
  readonly lineEnds: ChunkedColumn;
  readonly unknown: UnknownChars;
}

/** Token ids and spans as flat arrays (a range of a document's, or a text tokenized at once). */
export interface TokenSpans {
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** A document version's text and its tokens, from which the next version's tokens are made. */
export interface TokenizedText {
  readonly text: string;
  readonly tokens: DocumentTokens;
}

const MAX_UNKNOWN_EXAMPLES = 5;

const isBreak = (code: number): boolean => code === 10 || code === 13;
const isAsciiLetter = (ch: string): boolean => /[A-Za-z]/.test(ch);

/** Line starts and ends of text[from, to), where `from` starts a line and `to` ends one. */
function linesOf(text: string, from: number, to: number): { lineStarts: Int32Array; lineEnds: Int32Array } {
  const starts = [from];
  const ends: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isBreak(c)) continue;
    ends.push(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  ends.push(to);
  return { lineStarts: Int32Array.from(starts), lineEnds: Int32Array.from(ends) };
}

/** Token ids and spans of text[from, to), a run of whole lines (each tokenizer starts afresh on a line). */
function spanTokens(text: string, from: number, to: number, tokenizer: Tokenizer, vocab: Vocab): TokenSpans {
  const { tokens, offsets } = tokenizeWithOffsets(text.slice(from, to), tokenizer);
  const n = tokens.length;
  const ids = new Int32Array(n);
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const tok = tokens[t];
    ids[t] = vocab.indexOf(tok);
    starts[t] = from + offsets[t];
    // A d2l space is always followed by the letter that ended its run.
    ends[t] = from + (tokenizer.kind === 'd2l' && tok === ' ' ? offsets[t + 1] : offsets[t] + tok.length);
  }
  return { ids, starts, ends };
}

/** The token whose text is text[start, end): d2l lowercases a letter and reads a run of non-letters as a space. */
function tokenText(text: string, start: number, end: number, tokenizer: Tokenizer): string {
  if (tokenizer.kind !== 'd2l') return text.slice(start, end);
  return isAsciiLetter(text[start]) ? text[start].toLowerCase() : ' ';
}

/** The tokens read as `<unk>` (id 0, while the token is not `<unk>` itself). */
function unknownOf(text: string, doc: TokenSpans, tokenizer: Tokenizer): UnknownChars {
  const examples = new Set<string>();
  let count = 0;
  for (let t = 0; t < doc.ids.length; t++) {
    if (doc.ids[t] !== 0) continue;
    const tok = tokenText(text, doc.starts[t], doc.ends[t], tokenizer);
    if (tok === UNK) continue;
    count++;
    if (examples.size < MAX_UNKNOWN_EXAMPLES) examples.add(tok);
  }
  return { count, examples: [...examples] };
}

/** Characters compared at once while looking for an edit: V8 compares two strings' runs far faster than a character at a time. */
const SCAN_CHUNK = 4096;

/** How many characters a and b share at their starts (at most `most`). */
function commonPrefix(a: string, b: string, most: number): number {
  let n = 0;
  while (n + SCAN_CHUNK <= most && a.slice(n, n + SCAN_CHUNK) === b.slice(n, n + SCAN_CHUNK)) n += SCAN_CHUNK;
  while (n < most && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** How many characters a and b share at their ends (at most `most`). */
function commonSuffix(a: string, b: string, most: number): number {
  let n = 0;
  while (n + SCAN_CHUNK <= most && a.slice(a.length - n - SCAN_CHUNK, a.length - n) === b.slice(b.length - n - SCAN_CHUNK, b.length - n)) n += SCAN_CHUNK;
  while (n < most && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * What a new version's tokens share with the version they were made from: at least `kept`
 * tokens at the start and `keptAtEnd` at the end are the same ids (the lines the edit did not
 * touch), so whoever compares the two needs to look only between them.
 */
export interface TokenEdit {
  readonly kept: number;
  readonly keptAtEnd: number;
}

/**
 * Tokenizes `text` for a model with this tokenizer and vocabulary. With `previous` (an earlier
 * version of the same document, tokenized the same way) only the lines an edit touched are
 * tokenized again: a large document costs a scan per edit, not a re-tokenize.
 */
export function documentTokens(text: string, tokenizer: Tokenizer, vocab: Vocab, previous?: TokenizedText): DocumentTokens {
  if (previous) return editedTokens(text, tokenizer, vocab, previous).tokens;
  const spans = textTokens(text, tokenizer, vocab);
  const lines = linesOf(text, 0, text.length);
  return {
    ids: ChunkedColumn.of(spans.ids),
    starts: ChunkedColumn.of(spans.starts),
    ends: ChunkedColumn.of(spans.ends),
    lineStarts: ChunkedColumn.of(lines.lineStarts),
    lineEnds: ChunkedColumn.of(lines.lineEnds),
    unknown: unknownOf(text, spans, tokenizer),
  };
}

/** The token ids and spans of a whole text as flat arrays (a corpus document read once). */
export function textTokens(text: string, tokenizer: Tokenizer, vocab: Vocab): TokenSpans {
  return spanTokens(text, 0, text.length, tokenizer, vocab);
}

/** Token ids and spans [from, to) of a document as flat arrays. */
export function spansOf(doc: Pick<DocumentTokens, 'ids' | 'starts' | 'ends'>, from: number, to: number): TokenSpans {
  return { ids: doc.ids.range(from, to), starts: doc.starts.range(from, to), ends: doc.ends.range(from, to) };
}

/** documentTokens of a new version of `previous`, and what the two share (TokenEdit). */
export function editedTokens(text: string, tokenizer: Tokenizer, vocab: Vocab, previous: TokenizedText): { tokens: DocumentTokens; edit: TokenEdit } {
  const { tokens, edit, removed, added } = retokenized(text, tokenizer, vocab, previous);
  // The characters read as <unk> are those of the kept tokens and the new ones: where neither the
  // tokens replaced nor the new ones hold one, they are the earlier version's, in the same order.
  const unchanged = unknownOf(previous.text, removed, tokenizer).count === 0 && unknownOf(text, added, tokenizer).count === 0;
  return { tokens: { ...tokens, unknown: unchanged ? previous.tokens.unknown : unknownOf(text, spansOf(tokens, 0, tokens.ids.length), tokenizer) }, edit };
}

/**
 * The tokens and lines of `text` from those of `previous`: both tokenizers start afresh after a
 * line break, so the tokens before the first line the edit touched are kept, those after the
 * last one are kept and shifted, and the lines between are tokenized again. A line's bounds are
 * taken where the two versions agree on them (a `\r\n` is one break, a `\r` then a `\n` typed
 * after it becomes one).
 */
function retokenized(
  text: string,
  tokenizer: Tokenizer,
  vocab: Vocab,
  previous: TokenizedText,
): { tokens: Omit<DocumentTokens, 'unknown'>; edit: TokenEdit; removed: TokenSpans; added: TokenSpans } {
  const before = previous.text;
  const old = previous.tokens;
  const shortest = Math.min(before.length, text.length);
  const prefix = commonPrefix(before, text, shortest);
  const suffix = commonSuffix(before, text, shortest - prefix);
  const shift = text.length - before.length;
  // The start of the last line that begins inside the common prefix, after a whole break.
  let from = prefix - 2;
  while (from >= 0 && !(isBreak(text.charCodeAt(from)) && !(text.charCodeAt(from) === 13 && text.charCodeAt(from + 1) === 10))) from--;
  from = Math.max(0, from + 1);
  // The first break inside the common suffix whose character before is in it too.
  let to = text.length - suffix + 1;
  while (to < text.length && !(isBreak(text.charCodeAt(to)) && !(text.charCodeAt(to - 1) === 13 && text.charCodeAt(to) === 10))) to++;
  to = Math.min(to, text.length);
  const oldTo = to - shift;
  const head = old.starts.countBelow(from);
  const tail = old.starts.countBelow(oldTo);
  const mid = spanTokens(text, from, to, tokenizer, vocab);
  const lines = linesOf(text, from, to);
  const headLines = old.lineStarts.countBelow(from);
  const tailLines = old.lineStarts.countBelow(oldTo + 1);
  const tailEnds = old.lineEnds.countBelow(oldTo + 1);
  const tokens = {
    ids: old.ids.spliced(head, mid.ids, tail, 0),
    starts: old.starts.spliced(head, mid.starts, tail, shift),
    ends: old.ends.spliced(head, mid.ends, tail, shift),
    lineStarts: old.lineStarts.spliced(headLines, lines.lineStarts, tailLines, shift),
    lineEnds: old.lineEnds.spliced(headLines, lines.lineEnds, tailEnds, shift),
  };
  return { tokens, edit: { kept: head, keptAtEnd: old.ids.length - tail }, removed: spansOf(old, head, tail), added: mid };
}

/** How many tokens start before `offset`. */
export function tokensBefore(doc: Pick<DocumentTokens, 'starts'>, offset: number): number {
  return doc.starts.countBelow(offset);
}

/** The token whose text holds the character at `offset`, or −1 when the tokenizer dropped it. */
export function tokenAt(doc: DocumentTokens, offset: number): number {
  const t = tokensBefore(doc, offset + 1) - 1;
  return t >= 0 && offset < doc.ends.at(t) ? t : -1;
}

/** Line and UTF-16 column of `offset`. */
export function positionAt(doc: DocumentTokens, offset: number): { line: number; character: number } {
  const line = Math.max(0, doc.lineStarts.countBelow(offset + 1) - 1);
  return { line, character: offset - doc.lineStarts.at(line) };
}

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
  const counted = count > 0 && doc.starts.at(count - 1) >= runStart;
  return { count, pending: afterLetter && !counted ? [vocab.indexOf(' ')] : [] };
}
