/**
 * bench/scale.ts's explorer section: the host's trace of a span for the gate explorer
 * (bench/explorer.ts's traceTimes: state warmed up on the text before it, the span traced on the
 * fused kernels and packed for the panel) for spans of 1,000 and 10,000 characters of a long
 * text, with the d2l-sized model of bench/editor.ts; the time and the bytes of gate values
 * per character, and how they grow.
 */
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import type { RevisedModel, VersionedText } from '../src/extension/editor/inferenceCache';
import { InferenceCache } from '../src/extension/editor/inferenceCache';
import { trainedModel } from './editor';
import { traceTimes } from './explorer';
import { quantile } from './quantile';
import { overWork, printTable, times, verdict } from './scaleTable';
import { scaledText } from './scaleText';
import { fmt } from './train';

/** Characters read before the span (its state comes from them). */
const BEFORE = 5000;
/** Rounds over the lengths (each of traceTimes's runs). */
const ROUNDS = 3;

export interface ExplorerRow {
  readonly chars: number;
  readonly steps: number;
  readonly trace_ms: number;
  readonly with_warmup_and_packing_ms: number;
  readonly values_mb: number;
}

/** The explorer section: prints its table and returns a row per span length. */
export async function explorerSection(lengths: readonly number[]): Promise<ExplorerRow[]> {
  const checkpoint = await trainedModel();
  const model: RevisedModel = { name: 'bench', revision: 1, checkpoint };
  const text = scaledText(BEFORE + Math.max(...lengths) + 1000);
  // The lengths in turn, round after round, so that the machine's load falls on them alike.
  const runs = lengths.map(() => ({ traceMs: [] as number[], totalMs: [] as number[], steps: 0, bytes: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, chars] of lengths.entries()) {
      const cache = new InferenceCache(() => model);
      const doc: VersionedText = { uri: `file:///explorer-${chars}.txt`, version: 1, getText: () => text };
      const { trace, traceMs, totalMs } = await traceTimes(cache, model, doc, { start: BEFORE, end: BEFORE + chars }, loadFusedWasm);
      runs[i].traceMs.push(...traceMs);
      runs[i].totalMs.push(...totalMs);
      runs[i].steps = trace.tokens.length;
      runs[i].bytes = trace.values.flat().reduce((n, v) => n + v.byteLength, 0);
      cache.dispose();
    }
  }
  const rows: ExplorerRow[] = lengths.map((chars, i) => ({
    chars,
    steps: runs[i].steps,
    trace_ms: quantile(runs[i].traceMs, 0.5),
    with_warmup_and_packing_ms: quantile(runs[i].totalMs, 0.5),
    values_mb: runs[i].bytes / 2 ** 20,
  }));
  printTable(
    `Explorer trace (LSTM ${checkpoint.config.hiddenSize}, fused kernels, after ${fmt(BEFORE)} characters of context), median of runs`,
    ['span', 'steps', 'trace ms', 'with warm-up, packing ms', 'gate values MiB', 'ms / 1,000 chars'],
    rows.map((r) => [`${fmt(r.chars)} chars`, fmt(r.steps), fmt(r.trace_ms, 1), fmt(r.with_warmup_and_packing_ms, 1), fmt(r.values_mb, 1), fmt((1000 * r.with_warmup_and_packing_ms) / r.chars, 1)]),
  );
  const growth = rows.slice(1).map((r, i) => {
    const before = rows[i];
    const work = { from: before.steps, to: r.steps };
    const time = overWork({ from: before.with_warmup_and_packing_ms, to: r.with_warmup_and_packing_ms }, work);
    const bytes = overWork({ from: before.values_mb, to: r.values_mb }, work);
    return [`${fmt(before.chars)} → ${fmt(r.chars)} chars`, times(work.to / work.from), times(time), times(bytes), verdict(Math.max(time, bytes))];
  });
  printTable('Explorer growth: steps ×, then the time and the bytes × over the steps ×', ['span', 'steps ×', 'time /steps', 'bytes /steps', ''], growth);
  return rows;
}
