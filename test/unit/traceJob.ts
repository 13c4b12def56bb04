/**
 * A trace job both sides of a comparison run: the fused tracer in Node and the WebGPU tracer in
 * a page. Spans are traced one after another, each from the state the previous one ended in (the
 * first from zeros). Plain numbers only (what page.evaluate carries).
 */
import type { ModelConfig } from '../../src/core/model/config';
import type { GateTrace, TraceOptions } from '../../src/core/infer/gateTrace';
import type { InferState } from '../../src/core/infer/inferState';
import type { WireParams } from './engineScript';

export interface TraceJob {
  readonly config: ModelConfig;
  readonly params: WireParams;
  readonly spans: readonly (readonly number[])[];
  readonly topK: number;
}

export interface WireStep {
  readonly token: number;
  readonly surprisal: number;
  readonly topK: { readonly token: number; readonly prob: number }[];
  /** Per layer, each traced gate's values. */
  readonly layers: Record<string, number[]>[];
}

export interface WireTrace {
  readonly steps: WireStep[];
  readonly finalH: number[];
  readonly finalC?: number[];
}

/** The fused tracer or the WebGPU tracer. */
export interface AnyTracer {
  trace(tokens: ArrayLike<number>, options: TraceOptions): GateTrace | Promise<GateTrace>;
}

export function toWireTrace(gt: GateTrace): WireTrace {
  return {
    steps: gt.steps.map((s) => ({
      token: s.token,
      surprisal: s.surprisal,
      topK: s.topK.map((p) => ({ token: p.token, prob: p.prob })),
      layers: s.layers.map((gates) => Object.fromEntries(Object.entries(gates).map(([name, v]) => [name, Array.from(v)]))),
    })),
    finalH: Array.from(gt.finalState.h),
    ...(gt.finalState.c && { finalC: Array.from(gt.finalState.c) }),
  };
}

export async function runTraceJob(tracer: AnyTracer, job: TraceJob): Promise<WireTrace[]> {
  const out: WireTrace[] = [];
  let fromState: InferState | undefined;
  for (const span of job.spans) {
    const gt = await tracer.trace(span, { fromState, topK: job.topK });
    out.push(toWireTrace(gt));
    fromState = gt.finalState;
  }
  return out;
}
