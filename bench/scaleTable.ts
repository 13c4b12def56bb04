/**
 * How bench/scale.ts says whether a cost keeps pace with its work: from one size to the next,
 * the cost's ratio over the work's ratio. Near 1 the cost grows as the work does; below, the
 * larger size uses the machine better (fixed costs spread out); above FASTER, it grows faster
 * than the work, and the table says so.
 */
import { fmt } from './train';

/** Cost ratio over work ratio above which a cost is said to grow faster than its work (timings here are noisy). */
export const FASTER = 1.3;

/** The cost's growth from `from` to `to` over the work's (NaN where a cost is missing). */
export function overWork(cost: { from: number; to: number }, work: { from: number; to: number }): number {
  return cost.to / cost.from / (work.to / work.from);
}

/** The verdict on a ratio from overWork, for the tables. */
export function verdict(ratio: number): string {
  if (!Number.isFinite(ratio)) return '';
  return ratio > FASTER ? 'grows faster than the work' : 'keeps pace';
}

/** "×1.23" for a ratio, "–" where there is none. */
export function times(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '–' : `×${fmt(ratio, 2)}`;
}

/** Prints `rows` under `header`, the first column left-aligned and the others right-aligned. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`\n${title}`);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}
