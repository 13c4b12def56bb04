/**
 * The engine that traces an explored span: the fused WebAssembly tracer (one pass over the
 * whole span) when fused.wasm loads, else the plain TypeScript stepper's trace(). The fused
 * tracer is made once per model revision. vscode-free, so the benchmark runs the same code.
 */
import { FusedTracer } from '../../core/engine/fused/infer/fusedTracer';
import { trace, type GateTrace, type TraceOptions } from '../../core/infer/gateTrace';
import type { SavedModel } from '../../core/io/savedModel';

/** A trace function for one model, and the engine's name as the explorer shows it. */
export interface SpanEngine {
  readonly name: 'fused-wasm' | 'typescript';
  trace(tokens: ArrayLike<number>, options: TraceOptions): GateTrace;
}

export class SpanTracer {
  private cached: { revision: number; engine: Promise<SpanEngine> } | undefined;

  /**
   * @param loadWasm fused.wasm's bytes (throws when it is missing: the TypeScript engine is used)
   * @param onFallback told once per model revision why the fused tracer is not used
   */
  constructor(
    private readonly loadWasm: () => Uint8Array,
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  /** The engine for `model` at `revision` (a new revision reloads the weights). */
  engineFor(model: SavedModel, revision: number): Promise<SpanEngine> {
    if (this.cached?.revision !== revision) this.cached = { revision, engine: this.make(model) };
    return this.cached.engine;
  }

  private async make(model: SavedModel): Promise<SpanEngine> {
    try {
      const tracer = await FusedTracer.create(this.loadWasm(), model.config, model.params);
      return { name: 'fused-wasm', trace: (tokens, options) => tracer.trace(tokens, options) };
    } catch (e) {
      this.onFallback(e instanceof Error ? e.message : String(e));
      return { name: 'typescript', trace: (tokens, options) => trace(model.params, model.config, tokens, options) };
    }
  }
}
