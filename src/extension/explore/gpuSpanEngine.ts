/**
 * The WebGPU tracer as a span engine, with the CPU engine it falls back to: when a trace on the
 * GPU fails (the device lost, a value gone non-finite, any error), the reason is told once, the
 * GPU tracer is let go, and that trace and every later one run on the fallback. The user sees a
 * trace, never the GPU's error. vscode-free.
 */
import type { TraceOptions } from '../../core/infer/gateTrace';
import type { WebGpuTracer } from '../../core/engine/webgpu/webgpuTracer';
import { errorText } from '../../core/util/errorText';
import type { TraceEngine } from '../../protocol/explorer';
import type { SpanEngine, SpanTrace } from './spanEngine';

export class GpuSpanEngine implements SpanEngine {
  private failed = false;

  /** @param onFailure told once, with the GPU's error, when the engine falls back for good */
  constructor(
    private readonly gpu: Pick<WebGpuTracer, 'trace'>,
    private readonly fallback: SpanEngine,
    private readonly onFailure: (reason: string) => void,
  ) {}

  get name(): TraceEngine {
    return this.failed ? this.fallback.name : 'webgpu';
  }

  async trace(tokens: ArrayLike<number>, options: TraceOptions): Promise<SpanTrace> {
    if (!this.failed) {
      try {
        return { gates: await this.gpu.trace(tokens, options), engine: 'webgpu' };
      } catch (e) {
        this.failed = true;
        this.onFailure(errorText(e));
      }
    }
    return this.fallback.trace(tokens, options);
  }
}
