/**
 * The two character tokenizers. Both report where each token starts in the source text
 * (UTF-16 offsets, the editor's unit), so a trace over tokens can be drawn back onto the text.
 */

/** Tokens and the source offset each one starts at. */
export interface TokenSpans {
  readonly tokens: string[];
  readonly offsets: number[];
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13; // '\n', '\r': the breaks of Python's universal newlines
}

/**
 * d2l's `read_time_machine` + `tokenize(lines, 'char')`: per line
 * `re.sub('[^A-Za-z]+', ' ', line).strip().lower()`, then characters, with the lines
 * concatenated and nothing between them (`[token for line in tokens for token in line]`).
 * Each space stands for a run of non-letters and sits at the run's start.
 */
export function d2lTokenizeWithOffsets(text: string): TokenSpans {
  return collected((visit) => forEachD2lToken(text, visit));
}

/** What a tokenizer tells for each token, in order: the token and the source offset it starts at. */
export type TokenVisitor = (token: string, offset: number) => void;

/** Tokens and offsets, collected from a tokenizer's visits. */
function collected(tokenize: (visit: TokenVisitor) => void): TokenSpans {
  const tokens: string[] = [];
  const offsets: number[] = [];
  tokenize((token, offset) => {
    tokens.push(token);
    offsets.push(offset);
  });
  return { tokens, offsets };
}

/** d2l's tokens of `text` (see {@link d2lTokenizeWithOffsets}), told one by one: a long text is read without arrays of its tokens. */
export function forEachD2lToken(text: string, visit: TokenVisitor): void {
  let lineHasLetter = false; // strip(): a run before the line's first letter is dropped
  let pendingSpaceAt = -1; // a run of non-letters becomes ' ' only if a letter follows on its line
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) {
      if (pendingSpaceAt >= 0 && lineHasLetter) visit(' ', pendingSpaceAt);
      pendingSpaceAt = -1;
      lineHasLetter = true;
      visit(text[i].toLowerCase(), i);
    } else if (isLineBreak(code)) {
      lineHasLetter = false; // strip() at the end of the line drops the trailing run
      pendingSpaceAt = -1;
    } else if (pendingSpaceAt < 0) {
      pendingSpaceAt = i;
    }
  }
}

/** d2l's character tokens of `text` (see {@link d2lTokenizeWithOffsets}). */
export function d2lTokenize(text: string): string[] {
  return d2lTokenizeWithOffsets(text).tokens;
}

/**
 * Every character of source code, newlines and punctuation included. Characters are Unicode
 * code points (as Python's `list(str)`), so an astral symbol is one token of two UTF-16 units.
 */
export function rawCharTokenizeWithOffsets(text: string): TokenSpans {
  return collected((visit) => forEachRawChar(text, visit));
}

/** The raw characters of `text` (see {@link rawCharTokenizeWithOffsets}), told one by one. */
export function forEachRawChar(text: string, visit: TokenVisitor): void {
  let offset = 0;
  for (const ch of text) {
    visit(ch, offset);
    offset += ch.length;
  }
}

/** The raw characters of `text` (see {@link rawCharTokenizeWithOffsets}). */
export function rawCharTokenize(text: string): string[] {
  return Array.from(text);
}
