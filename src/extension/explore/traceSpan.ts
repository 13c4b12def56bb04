/**
 * Traces a span of a document for the gate explorer, as the model reads it in place: the state
 * is warmed up on the text before the span (the document's checkpoints in DocumentInference),
 * then every step of the span is traced and packed into the protocol's ExplorerTrace, one
 * float32 buffer per layer and gate. vscode-free.
 */
import { EXPLORER_TOP_K, type ExplorerTrace } from '../../protocol/explorer';
import type { GateTrace } from '../../core/infer/gateTrace';
import { TRACE_GATES } from '../../core/infer/stepper';
import { UNK } from '../../core/text/vocab';
import { tokensBefore } from '../../core/text/documentTokens';
import type { DocumentEntry } from '../editor/inferenceCache';
import type { Cancellation } from '../../core/infer/document/timeSlice';
import type { OffsetRange } from './exploreSpan';
import type { SpanEngine } from './spanEngine';

/** The steps (tokens) whose text starts inside `span`. */
export function stepsIn(entry: DocumentEntry, span: OffsetRange): OffsetRange {
  const { tokens } = entry.inference;
  return { start: tokensBefore(tokens, span.start), end: tokensBefore(tokens, span.end) };
}

/** Whether every step's value of a gate is the next h floats of one [T × h] buffer (the fused tracer's): it is the packing already. */
function packedAlready(gt: GateTrace, layer: number, name: string): Float32Array | undefined {
  const h = gt.config.hiddenSize;
  const first = gt.steps[0]?.layers[layer][name];
  if (!first || first.byteOffset !== 0 || first.buffer.byteLength !== gt.steps.length * h * 4) return undefined;
  const views = gt.steps.every((step, t) => step.layers[layer][name].buffer === first.buffer && step.layers[layer][name].byteOffset === t * h * 4);
  return views ? new Float32Array(first.buffer) : undefined;
}

/** Each layer's gates as time-major [steps × h] buffers, in TRACE_GATES order (a trace packed so already is not copied again). */
export function packGates(gt: GateTrace): Float32Array[][] {
  const { hiddenSize: h, numLayers, cell } = gt.config;
  const T = gt.steps.length;
  return Array.from({ length: numLayers }, (_, layer) =>
    TRACE_GATES[cell].map((name) => {
      const packed = packedAlready(gt, layer, name);
      if (packed) return packed;
      const out = new Float32Array(T * h);
      gt.steps.forEach((step, t) => out.set(step.layers[layer][name], t * h));
      return out;
    }),
  );
}

/**
 * The explorer's trace of the steps whose text starts in `span`, or undefined when cancelled
 * while warming up. `id` names it for later setStep messages.
 */
export async function traceSpan(entry: DocumentEntry, span: OffsetRange, engine: SpanEngine, id: string, cancel: Cancellation): Promise<ExplorerTrace | undefined> {
  const { inference, handle, text } = entry;
  const steps = stepsIn(entry, span);
  const fromState = await inference.stateBefore(steps.start, cancel);
  if (!fromState) return undefined;
  const ids = inference.tokens.ids.range(steps.start, steps.end).slice();
  const t0 = performance.now();
  const { gates: gt, engine: tracedBy } = await engine.trace(ids, { fromState, topK: EXPLORER_TOP_K });
  const traceMs = performance.now() - t0;
  const starts = inference.tokens.starts.range(steps.start, steps.end).slice();
  const ends = inference.tokens.ends.range(steps.start, steps.end).slice();
  // What the model read; an <unk> shows the character it stands for.
  const tokens = Array.from(ids, (id, t) => (id === 0 && handle.vocab.tokenAt(id) === UNK ? text.slice(starts[t], ends[t]) : handle.vocab.tokenAt(id)));
  const topKTokens: string[] = [];
  const topKProbs = new Float32Array(ids.length * EXPLORER_TOP_K);
  // A vocabulary smaller than k leaves the last candidates empty, with probability 0.
  gt.steps.forEach((step, t) => {
    for (let k = 0; k < EXPLORER_TOP_K; k++) {
      const c = step.topK[k];
      topKTokens.push(c ? handle.vocab.tokenAt(c.token) : '');
      topKProbs[t * EXPLORER_TOP_K + k] = c?.prob ?? 0;
    }
  });
  const { config } = gt;
  return {
    id,
    modelName: handle.name,
    cell: config.cell,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    gates: TRACE_GATES[config.cell],
    uri: entry.uri,
    tokens,
    starts,
    ends,
    values: packGates(gt),
    startH: Float32Array.from(fromState.h),
    ...(fromState.c && { startC: Float32Array.from(fromState.c) }),
    surprisal: Float32Array.from(gt.steps, (s) => s.surprisal),
    topKTokens,
    topKProbs,
    engine: tracedBy,
    traceMs,
  };
}
