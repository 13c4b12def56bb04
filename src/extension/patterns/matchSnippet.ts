/** A match's snippet: its text and a few characters either side, cut inside the document and never through a surrogate pair. */

/** Characters of context either side of a match. */
export const SNIPPET_CONTEXT = 24;

export interface MatchSnippet {
  readonly before: string;
  readonly text: string;
  readonly after: string;
}

const isLowSurrogate = (text: string, i: number) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;

/** The snippet of [from, to) in `text` (offsets beyond its end are clamped: the document may have changed since it was read). */
export function matchSnippet(text: string, from: number, to: number, context = SNIPPET_CONTEXT): MatchSnippet {
  const end = Math.min(to, text.length);
  const start = Math.min(from, end);
  let first = Math.max(0, start - context);
  if (isLowSurrogate(text, first)) first++;
  let last = Math.min(text.length, end + context);
  if (isLowSurrogate(text, last)) last--;
  return { before: text.slice(first, start), text: text.slice(start, end), after: text.slice(end, last) };
}
