/** What traces an explored span, and what a trace says of who traced it. vscode-free. */
import type { GateTrace, TraceOptions } from '../../core/infer/gateTrace';
import type { TraceEngine } from '../../protocol/explorer';

/** A span's trace and the engine that made it (after a WebGPU failure, the one it fell back to). */
export interface SpanTrace {
  readonly gates: GateTrace;
  readonly engine: TraceEngine;
}

/** A trace function for one model, and the engine the next trace runs on, as the explorer shows it. */
export interface SpanEngine {
  readonly name: TraceEngine;
  trace(tokens: ArrayLike<number>, options: TraceOptions): Promise<SpanTrace>;
}
