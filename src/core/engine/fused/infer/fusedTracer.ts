/**
 * Batch-1 inference on the fused kernels: a whole text forward in one pass (the input
 * projection for all tokens at once, then per token one [1 × h]·[h × G·h] product and the gate
 * pass), returning every gate of every layer at every step as src/core/infer's GateTrace, the
 * same result as trace() with a Stepper, in float32 and a few times faster.
 */
import type { ModelConfig } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import { logSoftmax, topKOfLogProbs } from '../../../infer/distribution';
import type { GateTrace, TraceOptions, TraceStep } from '../../../infer/gateTrace';
import { cloneInferState, zeroInferState } from '../../../infer/inferState';
import { TRACE_GATES } from '../../../infer/stepper';
import { FusedForward } from './fusedForward';
import { FusedWasmSource, compileFusedWasm } from '../kernels/kernels';
import type { ForwardLayout } from '../memory/layout';
import { tracedColumns } from '../memory/tracedValues';
import { growTo, type WasmModule } from '../kernels/wasmApi';

export class FusedTracer {
  private constructor(private readonly forward: FusedForward) {}

  get config(): ModelConfig {
    return this.forward.config;
  }

  /** Instantiates fused.wasm and loads `params`. */
  static async create(wasm: FusedWasmSource, config: ModelConfig, params: ParamSet): Promise<FusedTracer> {
    return FusedTracer.fromModule(await compileFusedWasm(wasm), config, params);
  }

  /** The same from a compiled module, without waiting. */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet): FusedTracer {
    return new FusedTracer(FusedForward.fromModule(module, config, params));
  }

  setParams(params: ParamSet): void {
    this.forward.setParams(params);
  }

  /** Traces `tokens` (GateTrace as src/core/infer/gateTrace.ts's trace gives it). */
  trace(tokens: ArrayLike<number>, options: TraceOptions = {}): GateTrace {
    const { config, forward } = this;
    const { kernels: k, model } = forward;
    const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
    const T = tokens.length;
    const finalState = options.fromState ? cloneInferState(options.fromState) : zeroInferState(config);
    const b = forward.read([{ tokens, state: finalState }]);
    // the head on H_0..H_T of the top layer at once: Y = H W_hq + b_q
    const logits = b.end; // (T + 1) × V: before the first token, then after each
    growTo(k.memory, logits + (T + 1) * V * 4);
    k.setGemmScratch(b.aScratch, b.tile);
    k.broadcastRows(logits, model.bq, T + 1, V);
    k.gemm(T + 1, V, h, b.layers[L - 1].hs, h, 1, model.whqPacked, logits, V, true);
    const steps = this.collect(b, tokens, new Float32Array(k.memory.buffer, logits, (T + 1) * V), options.topK ?? 5);
    return { config, steps, finalState };
  }

  /**
   * Copies each layer's values out once, a time-major [T × h] buffer per gate (the explorer's
   * packing, which then takes them as they are); every step's record is a view into those copies.
   */
  private collect(b: ForwardLayout, tokens: ArrayLike<number>, logits: Float32Array, k: number): TraceStep[] {
    const { hiddenSize: h, vocabSize: V, cell } = this.config;
    const floats = new Float32Array(this.forward.kernels.memory.buffer);
    const T = tokens.length;
    const names = TRACE_GATES[cell];
    const layers = tracedColumns(this.config, b).map((columns) =>
      names.map((name) => {
        const { start, stride, offset } = columns[name];
        const copy = new Float32Array(T * h);
        for (let t = 0; t < T; t++) copy.set(floats.subarray(start + t * stride + offset, start + t * stride + offset + h), t * h);
        return { name, copy };
      }),
    );
    const steps: TraceStep[] = [];
    let logProbs = logSoftmax(logits.subarray(0, V));
    for (let t = 0; t < T; t++) {
      const values = layers.map((columns) => {
        const record: Record<string, Float32Array> = {};
        for (const { name, copy } of columns) record[name] = copy.subarray(t * h, (t + 1) * h);
        return record;
      });
      const surprisal = -logProbs[tokens[t]];
      logProbs = logSoftmax(logits.subarray((t + 1) * V, (t + 2) * V));
      steps.push({ token: tokens[t], layers: values, surprisal, topK: topKOfLogProbs(logProbs, k) });
    }
    return steps;
  }
}
