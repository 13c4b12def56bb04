/**
 * The editor's StepModel on the fused kernels (FusedForward): a step is a one-token forward
 * from the given state, and readSegments reads whole runs of tokens, several side by side
 * (the [B × h]·[h × G·h] product and the gate pass in WebAssembly), with no head and no
 * copies of the gate values. The state stays an InferState (float64), so checkpoints and
 * callers are the same as with the float64 TypeScript Stepper. Given a ForwardSplit (and the
 * shared-memory build), a read of many segments runs in several threads.
 */
import { type ModelConfig, sameShape } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import type { InferState } from '../../../infer/inferState';
import { zeroInferState } from '../../../infer/inferState';
import type { GateValues, Segment, StepModel, StepRun } from '../../../infer/stepModel';
import type { ForwardSplit } from './forwardSplit';
import { FusedForward } from './fusedForward';
import { fusedRuns } from './fusedRun';
import type { WasmModule } from '../kernels/wasmApi';

export class FusedStepModel implements StepModel {
  private readonly forward: FusedForward;
  private readonly token = new Int32Array(1);
  /** The latest step's run (its values, until the next call). */
  private last: StepRun | undefined;
  /** The head, d2l's W_hq [h, V] and b_q [V]. */
  private whq: Float32Array;
  private bq: Float32Array;

  /** `module`: fused.wasm, or fused-threads.wasm with a `split` (which the model then owns). */
  constructor(module: WasmModule, readonly config: ModelConfig, params: ParamSet, split?: ForwardSplit) {
    this.forward = FusedForward.fromModule(module, config, params, split);
    this.whq = params.get('W_hq') as Float32Array;
    this.bq = params.get('b_q') as Float32Array;
  }

  zeroState(): InferState {
    return zeroInferState(this.config);
  }

  step(token: number, state: InferState): void {
    this.token[0] = token;
    [this.last] = this.readSegments([{ tokens: this.token, state }]);
  }

  gatesOf(layer: number): GateValues {
    if (!this.last) throw new Error('gatesOf before any step');
    return this.last.gatesAt(0, layer);
  }

  readSegments(segments: readonly Segment[]): StepRun[] {
    this.last = undefined;
    const groups = this.forward.readGroups(segments);
    const memory = this.forward.kernels.memory.buffer;
    return groups.flatMap((g) => fusedRuns(this.config, g.layout, memory));
  }

  /** Resolves to the threads a read of many segments runs on (1: the caller's alone). */
  get threadsStarted(): Promise<number> {
    return this.forward.threadsStarted;
  }

  reload(config: ModelConfig, params: ParamSet): boolean {
    if (!sameShape(config, this.config)) return false;
    this.forward.setParams(params);
    this.whq = params.get('W_hq') as Float32Array;
    this.bq = params.get('b_q') as Float32Array;
    this.last = undefined;
    return true;
  }

  /** Ends the split's threads, if any (the model goes on in the caller's thread). */
  dispose(): void {
    this.forward.dispose();
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
