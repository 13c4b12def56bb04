/**
 * Karpathy's colouring of text by one unit: each character's background shows the unit's value
 * after reading it, in one of a few colour buckets per sign (the project's convention: blue for
 * negative, red for positive, translucent so they read on light and dark themes, as contributed
 * theme colours a theme can change; near zero stays uncoloured). Turns the
 * values of a range of tokens into editor ranges per bucket. vscode-free.
 */
import { DocumentTokens, positionAt, tokensBefore } from '../../core/text/documentTokens';
import { COLOURING_LEVELS, colouringColourId } from '../../protocol/signedColours';

/** Buckets per sign; |v| below 1 / (LEVELS + 1) is left uncoloured. */
const LEVELS = COLOURING_LEVELS;
/** Colour at most this many columns of a line (very long lines stay cheap). */
export const MAX_COLOURED_COLUMN = 2000;

/**
 * The tokens [from, to) whose values colour lines [first, last]: every token of the lines
 * before the last (each state needs the one before), and of the last line only those within
 * its first MAX_COLOURED_COLUMN columns (a very long last line is not read to its end).
 */
export function colouredTokens(doc: DocumentTokens, first: number, last: number): { from: number; to: number } {
  const end = Math.min(doc.lineEnds.at(last), doc.lineStarts.at(last) + MAX_COLOURED_COLUMN);
  const to = last + 1 < doc.lineStarts.length && end === doc.lineEnds.at(last) ? tokensBefore(doc, doc.lineStarts.at(last + 1)) : tokensBefore(doc, end);
  return { from: tokensBefore(doc, doc.lineStarts.at(first)), to };
}

/** The theme colour id of each bucket: LEVELS negative ones, weakest first, then LEVELS positive ones. */
export const BUCKET_COLOURS: readonly string[] = [
  ...Array.from({ length: LEVELS }, (_, i) => colouringColourId('negative', i)),
  ...Array.from({ length: LEVELS }, (_, i) => colouringColourId('positive', i)),
];

/** The bucket of a value in [−1, 1]; −1 when it is too close to 0 (or unknown) to colour. */
export function bucketOf(v: number): number {
  if (!Number.isFinite(v)) return -1;
  const level = Math.min(LEVELS, Math.floor(Math.abs(v) * (LEVELS + 1))) - 1;
  if (level < 0) return -1;
  return v < 0 ? level : LEVELS + level;
}

/** Part of one line: [start, end) in UTF-16 columns. */
export interface LineSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** A unit's value after each token (NaN: none): a document's UnitTrack, or an array. */
export interface UnitValues {
  at(t: number): number | undefined;
}

/** For each bucket, the spans of the tokens in [from, to) whose value falls in it. */
export function bucketSpans(doc: DocumentTokens, values: UnitValues, from: number, to: number): LineSpan[][] {
  const spans = BUCKET_COLOURS.map(() => [] as LineSpan[]);
  for (let t = from; t < to; t++) {
    const b = bucketOf(values.at(t) ?? NaN);
    if (b < 0) continue;
    const { line, character } = positionAt(doc, doc.starts.at(t));
    if (character >= MAX_COLOURED_COLUMN) continue;
    // A line break's token has nothing to colour; a span never runs past its line.
    const end = Math.min(doc.ends.at(t), doc.lineEnds.at(line)) - doc.lineStarts.at(line);
    if (end > character) spans[b].push({ line, start: character, end });
  }
  return spans;
}
