/**
 * What the select view reads from an explorer trace: the top layer's H at each step (H of the
 * top layer is the state the corpus search reads, readCorpusStates.ts), with the state before
 * the trace's first step in front, so a span that starts at the trace's first step still has a
 * step before it (the explorer traces from the state the text before left).
 */
import type { ExplorerTrace } from '../../../src/protocol/explorer';
import type { StepSpan } from '../../../src/core/analysis/patterns/proposeUnits';

export interface SpanStates {
  /** states[0] is H before the first step; states[t + 1] is H after step t (views into the trace). */
  readonly states: readonly Float32Array[];
  /** The selected steps [start, end) in `states`' numbering: one more than the trace's. */
  readonly span: StepSpan;
}

/** The top layer's H of `trace` around `selection` (steps of the trace, end exclusive). */
export function spanStates(trace: ExplorerTrace, selection: StepSpan): SpanStates {
  const h = trace.hiddenSize;
  const top = trace.numLayers - 1;
  const H = trace.values[top][trace.gates.indexOf('H')];
  const before = trace.startH.subarray(top * h, (top + 1) * h);
  const states = [before, ...Array.from({ length: trace.tokens.length }, (_, t) => H.subarray(t * h, (t + 1) * h))];
  return { states, span: { start: selection.start + 1, end: selection.end + 1 } };
}
