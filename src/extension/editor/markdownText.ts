/**
 * Model- and document-derived text as Markdown that shows it literally. A vocabulary comes from
 * a model file anyone can craft, and a document from anywhere: written into Markdown as it is,
 * a token could close the hover's code span and open an image fetched from any host or a
 * command link with chosen arguments, a `|` would split a table cell (GFM splits a row into
 * cells before it reads code spans), `<img …>` is HTML, `$(alert)` a theme icon and U+202E
 * turns the rest of the line around. Every MarkdownString and label that shows such text goes
 * through these. vscode-free, so a test renders them with a real Markdown parser.
 */

/** Every ASCII punctuation mark: CommonMark lets a backslash escape each of them. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Characters that end a line or table row, reorder the text around them (bidi embeddings,
 * overrides, isolates and marks), or hide (zero-width ones): shown by their code point.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `text` with each invisible or reordering character written as its code point, e.g. ⟨U+202E⟩. */
export function visibleControls(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** `text` as Markdown text that renders as itself: no link, image, HTML, emphasis or icon can start in it. */
export function markdownText(text: string): string {
  return visibleControls(text).replace(ASCII_PUNCTUATION, '\\$&');
}

/**
 * `text` as a code span that renders as itself. Its fence is one backtick longer than the
 * longest run inside, so no run closes it. In a table cell (`inTableCell`) each `|` is escaped
 * as GFM asks; a backslash just before a pipe cannot be written there (renderers disagree on
 * `\\|`), so such text, like text of spaces only, is written as escaped text instead.
 */
export function markdownCode(text: string, inTableCell = false): string {
  const shown = visibleControls(text);
  // Renderers disagree on a span of spaces only (markdown-it strips it, CommonMark keeps it).
  if (/^ *$/.test(shown) || (inTableCell && shown.includes('\\|'))) return markdownText(text);
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span's first and last space are stripped when both are there, and a backtick at its edge would join the fence.
  const pad = /^[` ]|[` ]$/.test(shown) ? ' ' : '';
  const body = inTableCell ? shown.replace(/\|/g, '\\|') : shown;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** `text` for a label that renders `$(name)` as an icon (QuickPick titles and items): shown as written. */
export function labelText(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
