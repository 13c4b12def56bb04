/**
 * The editor's StepModel on the fused kernels: each step is a one-token fused trace from the
 * given state (the [1 × h]·[h × G·h] product and the gate pass in WebAssembly), about an order
 * of magnitude faster than the float64 TypeScript Stepper at hidden 256. The state stays an
 * InferState (float64), so checkpoints and callers are the same for both.
 */
import type { ModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import type { InferState } from '../../infer/inferState';
import { zeroInferState } from '../../infer/inferState';
import type { GateValues, StepModel } from '../../infer/stepModel';
import { FusedTracer } from './fusedTracer';
import type { WasmModule } from './wasmApi';

export class FusedStepModel implements StepModel {
  private readonly tracer: FusedTracer;
  private readonly token = new Int32Array(1);
  private gates: readonly GateValues[] = [];
  /** The head, d2l's W_hq [h, V] and b_q [V]. */
  private readonly whq: Float32Array;
  private readonly bq: Float32Array;

  constructor(module: WasmModule, readonly config: ModelConfig, params: ParamSet) {
    this.tracer = FusedTracer.fromModule(module, config, params);
    this.whq = params.get('W_hq') as Float32Array;
    this.bq = params.get('b_q') as Float32Array;
  }

  zeroState(): InferState {
    return zeroInferState(this.config);
  }

  step(token: number, state: InferState): void {
    this.token[0] = token;
    const { steps, finalState } = this.tracer.trace(this.token, { fromState: state, topK: 0 });
    state.h.set(finalState.h);
    if (state.c && finalState.c) state.c.set(finalState.c);
    this.gates = steps[0].layers;
  }

  gatesOf(layer: number): GateValues {
    return this.gates[layer];
  }

  /** Y = H W_hq + b_q from the top layer's H. */
  logits(state: InferState): Float64Array {
    const { hiddenSize: h, vocabSize: V, numLayers: L } = this.config;
    const y = Float64Array.from(this.bq);
    const top = (L - 1) * h;
    for (let i = 0; i < h; i++) {
      const hi = state.h[top + i];
      if (hi === 0) continue;
      for (let v = 0; v < V; v++) y[v] += hi * this.whq[i * V + v];
    }
    return y;
  }
}
