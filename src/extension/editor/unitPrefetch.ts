/**
 * After the colouring has painted the visible lines, the unit's values around them are read in
 * the background (time-sliced and cancelled by the next paint, like any walk), so that a
 * scroll finds them computed and repaints at once. vscode-free: the benchmark runs it too.
 */
import type { UnitRef } from '../../core/infer/unitFeatures';
import type { DocumentInference } from '../../core/infer/document/documentInference';
import type { Cancellation } from '../../core/infer/document/timeSlice';

/** Tokens read on each side of the painted range (a few hundred lines; 0.1–0.2 s at hidden 256). */
export const PREFETCH_TOKENS = 20_000;

/** Reads `ref`'s values after [from, to) first (scrolling down is the common way), then before it. */
export async function prefetchUnitValues(inference: DocumentInference, ref: UnitRef, from: number, to: number, cancel: Cancellation, around = PREFETCH_TOKENS): Promise<void> {
  if (!(await inference.unitValues(ref, to, Math.min(inference.length, to + around), cancel))) return;
  await inference.unitValues(ref, Math.max(0, from - around), from, cancel);
}
