/**
 * Batch-1 inference on the fused kernels: a whole text forward in one pass (the input
 * projection for all tokens at once, then per token one [1 × h]·[h × G·h] product and the gate
 * pass), returning every gate of every layer at every step as src/core/infer's GateTrace, the
 * same result as trace() with a Stepper, in float32 and a few times faster.
 */
import { ModelConfig, validateModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import { logSoftmax, topK } from '../../infer/distribution';
import type { GateTrace, TraceOptions, TraceStep } from '../../infer/gateTrace';
import { InferState, zeroInferState } from '../../infer/inferState';
import { TRACE_GATES } from '../../infer/stepper';
import { CELL_PLANS } from './cellPlan';
import { forwardLayers } from './forwardBackward';
import { FusedKernels, FusedWasmSource, compileFusedWasm, instantiateFusedKernels } from './kernels';
import { BatchLayout, ModelLayout, planBatch, planModel } from './layout';
import { packWeights, writeParams } from './paramPacking';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from './wasmApi';

export class FusedTracer {
  private constructor(
    private readonly k: FusedKernels,
    readonly config: ModelConfig,
    private readonly model: ModelLayout,
  ) {}

  /** Instantiates fused.wasm and loads `params`. */
  static async create(wasm: FusedWasmSource, config: ModelConfig, params: ParamSet): Promise<FusedTracer> {
    return FusedTracer.fromModule(await compileFusedWasm(wasm), config, params);
  }

  /** The same from a compiled module, without waiting (the editor makes one when a model loads). */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet): FusedTracer {
    validateModelConfig(config);
    const k = instantiateFusedKernels(module);
    const tracer = new FusedTracer(k, config, planModel(config, k, WASM_PAGE_BYTES));
    growTo(tracer.k.memory, tracer.model.end);
    tracer.setParams(params);
    return tracer;
  }

  setParams(params: ParamSet): void {
    writeParams(this.config, this.model, this.k.memory.buffer, params);
    packWeights(this.k, this.config, this.model);
  }

  /** Traces `tokens` (GateTrace as src/core/infer/gateTrace.ts's trace gives it). */
  trace(tokens: ArrayLike<number>, options: TraceOptions = {}): GateTrace {
    const { config, k } = this;
    const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
    const T = tokens.length;
    const b = planBatch(config, k, this.model.end, 1, Math.max(T, 1));
    const logits = b.end; // (T + 1) × V: before the first token, then after each
    growTo(this.k.memory, logits + (T + 1) * V * 4);
    const mem = k.memory.buffer;
    const ids = new Int32Array(mem, b.tokens, T);
    for (let t = 0; t < T; t++) {
      const id = tokens[t];
      if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`Token id ${id} is outside the vocabulary of ${V}`);
      ids[t] = id;
    }
    const from = options.fromState ?? zeroInferState(config);
    b.layers.forEach((act, layer) => {
      new Float32Array(mem, act.hs, h).set(from.h.subarray(layer * h, (layer + 1) * h));
      if (act.cs && from.c) new Float32Array(mem, act.cs, h).set(from.c.subarray(layer * h, (layer + 1) * h));
    });
    if (T > 0) forwardLayers(k, config, this.model, { ...b, numSteps: T });
    // the head on H_0..H_T of the top layer at once: Y = H W_hq + b_q
    k.broadcastRows(logits, this.model.bq, T + 1, V);
    k.gemm(T + 1, V, h, b.layers[L - 1].hs, h, 1, this.model.whqPacked, logits, V, true);
    return this.collect(b, tokens, new Float32Array(mem, logits, (T + 1) * V), options.topK ?? 5);
  }

  /** Copies the buffers out once per layer; every step's gate record is a view into those copies. */
  private collect(b: BatchLayout, tokens: ArrayLike<number>, logits: Float32Array, k: number): GateTrace {
    const { config } = this;
    const { hiddenSize: h, vocabSize: V, cell } = config;
    const mem = this.k.memory.buffer;
    const T = tokens.length;
    const names = TRACE_GATES[cell];
    const width = CELL_PLANS[cell].gates * h;
    const copy = (p: number, floats: number) => new Float32Array(mem, p, floats).slice();
    // per layer: gates [T][G·h] in packing order (I, F, O, C̃ / R, Z, H̃ / H), and H_0..H_T (C_0..C_T)
    const layers = b.layers.map((act) => ({ gates: copy(act.gates, T * width), H: copy(act.hs, (T + 1) * h), C: act.cs ? copy(act.cs, (T + 1) * h) : undefined }));
    const steps: TraceStep[] = [];
    let logProbs = logSoftmax(logits.subarray(0, V));
    for (let t = 0; t < T; t++) {
      const values = layers.map((l) => {
        const record: Record<string, Float32Array> = {};
        names.forEach((name, i) => {
          if (name === 'H') record.H = l.H.subarray((t + 1) * h, (t + 2) * h);
          else if (name === 'C') record.C = (l.C as Float32Array).subarray((t + 1) * h, (t + 2) * h);
          else record[name] = l.gates.subarray(t * width + i * h, t * width + (i + 1) * h);
        });
        return record;
      });
      const surprisal = -logProbs[tokens[t]];
      logProbs = logSoftmax(logits.subarray((t + 1) * V, (t + 2) * V));
      steps.push({ token: tokens[t], layers: values, surprisal, topK: topK(logProbs.map(Math.exp), k) });
    }
    const final = (pick: (l: (typeof layers)[number]) => Float32Array) => Float64Array.from(layers.flatMap((l) => [...pick(l).subarray(T * h)]));
    const finalState: InferState = { h: final((l) => l.H), ...(cell === 'lstm' && { c: final((l) => l.C as Float32Array) }) };
    return { config, steps, finalState };
  }
}
