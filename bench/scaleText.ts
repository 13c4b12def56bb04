/**
 * Texts of any length for the scaling benchmark, made from The Time Machine: the book first as
 * it is, then numbered chapters that each hold its paragraphs in another order (seeded). Every
 * chapter is English the model knows, but no long run of it repeats an earlier one, so a read
 * of the text is a read of new text, never a cached repeat.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/util/rng';
import { corpusPath } from './workload';

/** The book: the shared data folder's copy, else the extension's sample (the same text). */
export function bookText(): string {
  return readFileSync(corpusPath() ?? join(__dirname, '..', '..', 'media', 'samples', 'timemachine.txt'), 'utf8');
}

/** The paragraphs of `book` in an order drawn from `rng` (Fisher–Yates). */
function shuffledParagraphs(paragraphs: readonly string[], rng: Rng): string[] {
  const out = [...paragraphs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The first `chars` characters of the book followed by its reshuffled chapters (cut at a line's end). */
export function scaledText(chars: number, book = bookText()): string {
  const paragraphs = book.split(/\n\s*\n/);
  const parts = [book];
  let length = book.length;
  for (let chapter = 1; length < chars; chapter++) {
    const part = `\n\nChapter ${chapter}\n\n${shuffledParagraphs(paragraphs, new Rng(chapter)).join('\n\n')}`;
    parts.push(part);
    length += part.length;
  }
  const text = parts.join('');
  const cut = text.lastIndexOf('\n', chars);
  return text.slice(0, cut > 0 ? cut : chars);
}
