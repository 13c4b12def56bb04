/**
 * Inference on the fused kernels: B independent segments (token runs, each from its own
 * state) read side by side, so every step is one [B × h]·[h × G·h] product and one gate pass
 * for all of them (batch 1 is the text forward of a trace). No head and no gradients: the
 * values of every gate at every step stay in the planned layout for the caller to read, and
 * each segment's state is written back advanced past its tokens. The layout is planned once
 * per shape and reused while the shape repeats (a walk reads equal chunks).
 */
import { ModelConfig, validateModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import type { Segment } from '../../infer/stepModel';
import { forwardLayers } from './forwardBackward';
import { FusedKernels, instantiateFusedKernels } from './kernels';
import { ForwardLayout, ModelLayout, planForward, planModel } from './layout';
import { packWeights, writeParams } from './paramPacking';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from './wasmApi';

export class FusedForward {
  private planned: ForwardLayout | undefined;

  private constructor(
    readonly kernels: FusedKernels,
    readonly config: ModelConfig,
    readonly model: ModelLayout,
  ) {}

  /** Instantiates the compiled fused.wasm and loads `params`. */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet): FusedForward {
    validateModelConfig(config);
    const k = instantiateFusedKernels(module);
    const forward = new FusedForward(k, config, planModel(config, k, WASM_PAGE_BYTES));
    growTo(k.memory, forward.model.end);
    forward.setParams(params);
    return forward;
  }

  setParams(params: ParamSet): void {
    writeParams(this.config, this.model, this.kernels.memory.buffer, params);
    packWeights(this.kernels, this.config, this.model);
  }

  /**
   * Reads every segment from its state, side by side (the shorter ones padded with token 0,
   * whose steps are computed and ignored), and advances each state past its tokens. Returns the
   * layout: sequence b's step t is row t·B + b (tracedColumns says where each value is); its
   * contents last until the next call.
   */
  read(segments: readonly Segment[]): ForwardLayout {
    const { config, kernels: k } = this;
    const { hiddenSize: h, vocabSize: V } = config;
    const B = segments.length;
    const T = Math.max(0, ...segments.map((s) => s.tokens.length));
    const b = this.layoutFor(B, T);
    const mem = k.memory.buffer;
    const ids = new Int32Array(mem, b.tokens, B * T);
    segments.forEach(({ tokens }, s) => {
      for (let t = 0; t < T; t++) {
        const id = t < tokens.length ? tokens[t] : 0;
        if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`Token id ${id} is outside the vocabulary of ${V}`);
        ids[t * B + s] = id;
      }
    });
    // slot 0 of every layer's H (and C): the states carried in, row s for segment s
    const rows = (p: number, slot: number, s: number) => new Float32Array(mem, p + (slot * B + s) * h * 4, h);
    b.layers.forEach((act, layer) => {
      segments.forEach(({ state }, s) => {
        rows(act.hs, 0, s).set(state.h.subarray(layer * h, (layer + 1) * h));
        if (act.cs && state.c) rows(act.cs, 0, s).set(state.c.subarray(layer * h, (layer + 1) * h));
      });
    });
    if (T > 0) forwardLayers(k, config, this.model, b);
    b.layers.forEach((act, layer) => {
      segments.forEach(({ tokens, state }, s) => {
        state.h.set(rows(act.hs, tokens.length, s), layer * h);
        if (act.cs && state.c) state.c.set(rows(act.cs, tokens.length, s), layer * h);
      });
    });
    return b;
  }

  /** The layout for B sequences of T steps: the last one when the shape repeats. */
  private layoutFor(B: number, T: number): ForwardLayout {
    const last = this.planned;
    if (last?.batchSize === B && last.numSteps === T) return last;
    this.planned = planForward(this.config, this.kernels, this.model.end, B, T);
    growTo(this.kernels.memory, this.planned.end);
    return this.planned;
  }
}
