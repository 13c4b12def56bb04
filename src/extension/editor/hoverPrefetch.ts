/**
 * After a hover, the lines around it are read in the background (time-sliced, cancelled by the
 * next hover) keeping the states between the document's checkpoints, which a long document
 * spaces hundreds of tokens apart: the next hover on the same screen reads a few tokens instead
 * of an interval. vscode-free: the benchmark runs it too.
 */
import type { DocumentInference } from '../../core/infer/document/documentInference';
import type { Cancellation } from '../../core/infer/document/timeSlice';
import { positionAt, tokensBefore } from '../../core/text/documentTokens';

/** Lines read on each side of the hovered one (a screen and more). */
export const HOVER_PREFETCH_LINES = 40;

/** Keeps the states of the lines around token t's. */
export function prefetchAroundHover(inference: DocumentInference, t: number, cancel: Cancellation, lines = HOVER_PREFETCH_LINES): Promise<void> {
  const { tokens } = inference;
  const { line } = positionAt(tokens, tokens.starts.at(t));
  const first = Math.max(0, line - lines);
  const last = Math.min(tokens.lineStarts.length - 1, line + lines);
  return inference.keepNearStates(tokensBefore(tokens, tokens.lineStarts.at(first)), tokensBefore(tokens, tokens.lineEnds.at(last)), cancel);
}
