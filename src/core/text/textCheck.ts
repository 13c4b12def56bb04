/**
 * Refuses text a character model cannot sensibly learn from (an empty file, a binary file
 * opened as text), with a reason the user can act on.
 */

/** Above this share of control characters (or U+FFFD from undecodable bytes) text is treated as binary. */
const MAX_CONTROL_RATIO = 0.1;

function isControl(code: number): boolean {
  // Tab, newline, vertical tab, form feed and carriage return are ordinary in text files.
  if (code >= 9 && code <= 13) return false;
  return code < 32 || code === 127 || code === 0xfffd;
}

/** Why `text` cannot be used as a corpus, or `undefined` when it can. */
export function unusableTextReason(text: string): string | undefined {
  if (text.length === 0) return 'The text is empty.';
  if (text.trim().length === 0) return 'The text contains only whitespace.';
  if (text.includes('\0')) return 'The text contains NUL bytes: it looks like a binary file, not text.';
  let control = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) control++;
  const ratio = control / text.length;
  if (ratio > MAX_CONTROL_RATIO) {
    return `${(ratio * 100).toFixed(0)}% of the characters are control characters or undecodable bytes: it looks like a binary file, not text.`;
  }
  return undefined;
}
