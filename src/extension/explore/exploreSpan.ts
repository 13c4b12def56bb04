/**
 * Which text Explore Selection traces: the selection; with none, the cursor's line (the visible
 * range when that line is blank); from a hover's "Explore from here", the visible range around
 * the hovered character (its line when it is scrolled away). Spans longer than the cap keep
 * the characters nearest the focus. vscode-free: offsets in, offsets out.
 */
import { ChunkedColumn } from '../../core/text/chunkedColumn';

/** A half-open range of document offsets. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface SpanRequest {
  readonly selection: OffsetRange;
  /** The line holding the cursor (or the hovered offset), without its line break. */
  readonly line: OffsetRange;
  readonly visible: OffsetRange;
  /** The hovered character's offset, when the command came from a hover. */
  readonly hoverOffset?: number;
  /** The most characters one span holds. */
  readonly maxChars: number;
}

export interface ExploreSpan extends OffsetRange {
  /** The offset whose step the explorer opens at. */
  readonly focus: number;
}

/** The step whose text holds `offset` (the last one starting at or before it), or −1 before the first. */
export function stepAtOffset(starts: Int32Array, offset: number): number {
  return ChunkedColumn.of(starts).countBelow(offset + 1) - 1;
}

const contains = (r: OffsetRange, offset: number): boolean => r.start <= offset && offset < r.end;

/** The span to trace for a request. */
export function exploreSpan(req: SpanRequest): ExploreSpan {
  let range: OffsetRange;
  let focus: number;
  if (req.hoverOffset !== undefined) {
    range = contains(req.visible, req.hoverOffset) ? req.visible : req.line;
    focus = req.hoverOffset;
  } else if (req.selection.end > req.selection.start) {
    range = req.selection;
    focus = req.selection.start;
  } else {
    range = req.line.end > req.line.start ? req.line : req.visible;
    focus = range.start;
  }
  if (range.end - range.start <= req.maxChars) return { ...range, focus };
  // Keep maxChars characters around the focus: a quarter before it, the rest after.
  const start = Math.max(range.start, Math.min(focus - Math.floor(req.maxChars / 4), range.end - req.maxChars));
  return { start, end: start + req.maxChars, focus };
}
