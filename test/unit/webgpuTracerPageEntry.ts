/** What the WebGPU tracer's tests run in the page: trace jobs on a WebGpuTracer over navigator.gpu. */
import { WebGpuTracer } from '../../src/core/engine/webgpu/webgpuTracer';
import { trace } from '../../src/core/infer/gateTrace';
import { GpuSpanEngine } from '../../src/extension/explore/gpuSpanEngine';
import { fromWire } from './engineScript';
import { TraceJob, WireTrace, runTraceJob, toWireTrace } from './traceJob';

/** The page's navigator.gpu (the unit tests compile against Node's globals, without the DOM's). */
function pageGpu(): GPU {
  return (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu;
}

export interface PageTraces {
  readonly adapterName: string;
  readonly softwareAdapter: boolean;
  readonly traces: WireTrace[];
}

export async function traceOnWebGpu(job: TraceJob): Promise<PageTraces> {
  const tracer = await WebGpuTracer.create({ gpu: pageGpu(), config: job.config, params: fromWire(job.params) });
  try {
    return { adapterName: tracer.adapterName, softwareAdapter: tracer.softwareAdapter, traces: await runTraceJob(tracer, job) };
  } finally {
    tracer.dispose();
  }
}

/** A trace with each span's tokens, then one of `bad` tokens: its error message. */
export async function rejectedTrace(job: TraceJob, bad: number[]): Promise<string> {
  const tracer = await WebGpuTracer.create({ gpu: pageGpu(), config: job.config, params: fromWire(job.params) });
  try {
    await runTraceJob(tracer, job);
    return await tracer.trace(bad).then(() => 'no error', (e: unknown) => (e instanceof Error ? e.message : String(e)));
  } finally {
    tracer.dispose();
  }
}

export interface FallbackRun {
  readonly engines: string[];
  readonly reasons: string[];
  /** The trace after the failure, by the fallback. */
  readonly after: WireTrace;
}

/**
 * The span engine on a WebGPU tracer whose device goes away after its first trace (dispose()
 * destroys it), falling back to the TypeScript stepper: which engine traced each span, and what
 * was told.
 */
export async function traceThroughFailure(job: TraceJob): Promise<FallbackRun> {
  const { config } = job;
  const params = fromWire(job.params);
  const tracer = await WebGpuTracer.create({ gpu: pageGpu(), config, params });
  const reasons: string[] = [];
  const typescript = { name: 'typescript' as const, trace: async (tokens: ArrayLike<number>) => ({ gates: trace(params, config, tokens), engine: 'typescript' as const }) };
  const engine = new GpuSpanEngine(tracer, typescript, (reason) => reasons.push(reason));
  const first = await engine.trace(job.spans[0], {});
  tracer.dispose();
  const second = await engine.trace(job.spans[0], {});
  return { engines: [first.engine, second.engine, engine.name], reasons, after: toWireTrace(second.gates) };
}
