/**
 * Batch-1 inference on the fused kernels: a whole text forward in one pass (the input
 * projection for all tokens at once, then per token one [1 × h]·[h × G·h] product and the gate
 * pass), returning every gate of every layer at every step as src/core/infer's GateTrace, the
 * same result as trace() with a Stepper, in float32 and a few times faster.
 */
import type { ModelConfig } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import type { GateTrace, TraceOptions } from '../../../infer/gateTrace';
import { cloneInferState, zeroInferState } from '../../../infer/inferState';
import { FusedForward } from './fusedForward';
import { FusedWasmSource, compileFusedWasm } from '../kernels/kernels';
import { tracedSteps } from './tracedSteps';
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
    const values = { layout: b, floats: new Float32Array(k.memory.buffer), base: 0 };
    const steps = tracedSteps(config, values, tokens, new Float32Array(k.memory.buffer, logits, (T + 1) * V), options.topK ?? 5);
    return { config, steps, finalState };
  }
}
