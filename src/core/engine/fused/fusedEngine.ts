/**
 * The fused WebAssembly SIMD engine: a whole minibatch (forward through all steps and layers,
 * head and mean cross-entropy, BPTT, global-norm clipping and the SGD update) in a few calls
 * into wasm/fused. Gives the reference engine's numbers to float32 rounding.
 */
import type { Minibatch } from '../../data/minibatch';
import { ModelConfig, validateModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import type { OptimizerConfig, StepResult, TrainEngine } from '../engine';
import { CELL_PLANS } from './cellPlan';
import { cellBackward, cellForward, RecurrenceShape } from './cellPasses';
import { FusedKernels, FusedWasmSource, instantiateFusedKernels } from './kernels';
import { BatchLayout, ModelLayout, planBatch, planModel } from './layout';
import { readParams, writeParams } from './paramPacking';
import { WASM_PAGE_BYTES } from './wasmApi';

/** Start of the engine's buffers; below it live the module's own constants. */
const HEAP_START = WASM_PAGE_BYTES;

export interface FusedEngineOptions {
  /** fused.wasm, compiled or as bytes (Node: loadFusedWasm(); a worker: what it fetched). */
  readonly wasm: FusedWasmSource;
  readonly config: ModelConfig;
  readonly params: ParamSet;
  readonly optimizer: OptimizerConfig;
}

export class FusedEngine implements TrainEngine {
  readonly name = 'fused-wasm';
  private batch: BatchLayout | undefined;

  private constructor(
    private readonly k: FusedKernels,
    readonly config: ModelConfig,
    private readonly optimizer: OptimizerConfig,
    private readonly model: ModelLayout,
  ) {}

  /** Instantiates the kernels and loads `params`. Only SGD is fused so far. */
  static async create(options: FusedEngineOptions): Promise<FusedEngine> {
    validateModelConfig(options.config);
    if (options.optimizer.kind !== 'sgd') throw new Error(`The fused engine implements SGD only, not ${options.optimizer.kind}`);
    const k = await instantiateFusedKernels(options.wasm);
    const engine = new FusedEngine(k, options.config, options.optimizer, planModel(options.config, k, HEAP_START));
    engine.ensureMemory(engine.model.end);
    await engine.setParams(options.params);
    return engine;
  }

  async trainStep(batch: Minibatch, resetState: boolean): Promise<StepResult> {
    return this.trainStepSync(batch, resetState);
  }

  /** trainStep without the promise, for benchmarks and workers. */
  trainStepSync(batch: Minibatch, resetState: boolean): StepResult {
    const result = this.lossAndGradients(batch, resetState);
    if (!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm)) {
      // no update; the poisoned state is dropped, so a caller that goes on starts from zero (as TfjsEngine)
      this.zeroState();
      return result;
    }
    // d2l grad_clipping: g ← θ/‖g‖ · g when ‖g‖ > θ, folded into the step size
    const { lr, clipTheta } = this.optimizer;
    const clip = result.gradNorm > clipTheta ? clipTheta / result.gradNorm : 1;
    this.k.sgdStep(this.model.paramsStart, this.model.paramsStart + this.model.gradShift, this.model.paramFloats, lr * clip);
    this.packWeights();
    this.carryState();
    return result;
  }

  /**
   * Forward and backward without an update or advancing the state: the mean loss and ‖∂θ‖
   * (read the gradients with getGradients). `resetState` zeroes the carried state, as in
   * trainStep. trainStep is this plus clipping, SGD and carrying the final state.
   */
  lossAndGradients(batch: Minibatch, resetState: boolean): StepResult {
    const b = this.prepareBatch(batch, resetState);
    const { k, model, config } = this;
    const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
    const Gh = CELL_PLANS[config.cell].gates * h;
    const s: RecurrenceShape = { B: b.batchSize, T: b.numSteps, h };
    const N = s.B * s.T;
    const g = model.gradShift;
    const outputs = (layer: number): number => b.layers[layer].hs + s.B * h * 4; // H_1..H_T of a layer

    for (let layer = 0; layer < L; layer++) {
      const lp = model.layers[layer];
      const act = b.layers[layer];
      if (layer === 0) k.gatherRowsPlusBias(act.gates, lp.wx, lp.b, b.tokens, N, Gh);
      else {
        k.broadcastRows(act.gates, lp.b, N, Gh);
        k.gemm(N, Gh, h, outputs(layer - 1), h, 1, model.packed[layer].wx, act.gates, Gh, true);
      }
      cellForward(k, config.cell, s, act, model.packed[layer]);
    }

    // head: Y = H W_hq + b_q, loss, then ∂W_hq = Hᵀ ∂Y, ∂b_q = Σ ∂Y, ∂H = ∂Y W_hqᵀ
    const top = outputs(L - 1);
    k.broadcastRows(b.logits, model.bq, N, V);
    k.gemm(N, V, h, top, h, 1, model.whqPacked, b.logits, V, true);
    const loss = k.softmaxCrossEntropy(b.logits, b.targets, N, V) / N;
    k.weightGradient(model.whq + g, V, top, h, h, b.logits, V, V, N, b.packScratch);
    k.columnSums(model.bq + g, b.logits, N, V, V);
    k.gemm(N, h, V, b.logits, V, 1, model.whqTPacked, b.dHin, h, false);

    for (let layer = L - 1; layer >= 0; layer--) {
      const lp = model.layers[layer];
      const act = b.layers[layer];
      cellBackward(k, config.cell, s, act, model.packed[layer], b, lp.wh + g);
      k.columnSums(lp.b + g, act.gates, N, Gh, Gh);
      if (layer === 0) {
        this.floats(lp.wx + g, lp.inputSize * Gh).fill(0);
        k.scatterAddRows(lp.wx + g, act.gates, b.tokens, N, Gh);
      } else {
        k.weightGradient(lp.wx + g, Gh, outputs(layer - 1), h, h, act.gates, Gh, Gh, N, b.packScratch);
        k.gemm(N, h, Gh, act.gates, Gh, 1, model.packed[layer].wxT, b.dHin, h, false); // ∂X = ∂Z W_xᵀ, the layer below's ∂H
      }
    }
    const gradNorm = Math.sqrt(k.sumSquares(model.paramsStart + g, model.paramFloats));
    return { loss, gradNorm };
  }

  async getParams(): Promise<ParamSet> {
    return readParams(this.config, this.model, this.k.memory.buffer);
  }

  /** ∂loss/∂θ of the last step, before clipping, by parameter name. */
  getGradients(): ParamSet {
    return readParams(this.config, this.model, this.k.memory.buffer, this.model.gradShift);
  }

  async setParams(params: ParamSet): Promise<void> {
    writeParams(this.config, this.model, this.k.memory.buffer, params);
    this.packWeights();
    this.batch = undefined; // also drops the carried state
  }

  dispose(): void {
    this.batch = undefined;
  }

  /** Refreshes the packed copies of the weights the products read (after every change of θ). */
  private packWeights(): void {
    const { k, model, config } = this;
    const { hiddenSize: h, vocabSize: V } = config;
    const plan = CELL_PLANS[config.cell];
    const Gh = plan.gates * h;
    model.layers.forEach((lp, layer) => {
      const packed = model.packed[layer];
      if (layer > 0) {
        k.packB(packed.wx, lp.wx, Gh, 1, h, Gh);
        k.packB(packed.wxT, lp.wx, 1, Gh, Gh, h);
      }
      plan.recurrentBlocks.forEach((blk, i) => {
        const cols = lp.wh + blk.first * h * 4;
        k.packB(packed.recurrent[i], cols, Gh, 1, h, blk.count * h);
        k.packB(packed.recurrentT[i], cols, 1, Gh, blk.count * h, h);
      });
    });
    k.packB(model.whqPacked, model.whq, V, 1, h, V);
    k.packB(model.whqTPacked, model.whq, 1, V, V, h);
  }

  /** Lays out buffers for this batch shape, writes the tokens time-major and sets the initial state. */
  private prepareBatch(batch: Minibatch, resetState: boolean): BatchLayout {
    const { batchSize: B, numSteps: T } = batch;
    let b = this.batch;
    let zeroState = resetState;
    if (!b || b.batchSize !== B || b.numSteps !== T) {
      if (b && !resetState && b.batchSize !== B) throw new Error(`Cannot carry the state of a batch of ${b.batchSize} into a batch of ${B}`);
      const fresh = planBatch(this.config, this.k, this.model.end, B, T);
      this.ensureMemory(fresh.end);
      if (b && !resetState) this.moveState(b, fresh);
      else zeroState = true; // a new engine, new parameters or a reset: start from zeros
      b = this.batch = fresh;
      this.k.setGemmScratch(b.aScratch, b.tile);
    }
    const tokens = new Int32Array(this.k.memory.buffer, b.tokens, B * T);
    const targets = new Int32Array(this.k.memory.buffer, b.targets, B * T);
    for (let i = 0; i < B; i++) {
      for (let t = 0; t < T; t++) {
        tokens[t * B + i] = batch.inputs[i * T + t];
        targets[t * B + i] = batch.targets[i * T + t];
      }
    }
    checkTokens(tokens, this.config.vocabSize, 'input');
    checkTokens(targets, this.config.vocabSize, 'target');
    if (zeroState) this.zeroState();
    return b;
  }

  /** H_0 (and C_0) ← 0 in every layer. */
  private zeroState(): void {
    const b = this.batch as BatchLayout;
    const size = b.batchSize * this.config.hiddenSize;
    for (const act of b.layers) {
      this.floats(act.hs, size).fill(0);
      if (act.cs) this.floats(act.cs, size).fill(0);
    }
  }

  /** The final state H_T (and C_T) becomes the next batch's initial state, detached. */
  private carryState(): void {
    const b = this.batch as BatchLayout;
    const size = b.batchSize * this.config.hiddenSize;
    for (const act of b.layers) {
      for (const buf of act.cs ? [act.hs, act.cs] : [act.hs]) this.floats(buf, size).set(this.floats(buf + b.numSteps * size * 4, size));
    }
  }

  /** Keeps the initial state when only the number of steps changes. */
  private moveState(from: BatchLayout, to: BatchLayout): void {
    const size = from.batchSize * this.config.hiddenSize;
    // copy out first: the old and new regions may overlap
    const saved = from.layers.map((act) => [act.hs, act.cs].map((p) => (p ? this.floats(p, size).slice() : undefined)));
    to.layers.forEach((act, i) => {
      const [hs, cs] = saved[i];
      if (hs) this.floats(act.hs, size).set(hs);
      if (cs) this.floats(act.cs, size).set(cs);
    });
  }

  private floats(byteOffset: number, count: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, byteOffset, count);
  }

  private ensureMemory(bytes: number): void {
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
  }
}

function checkTokens(ids: Int32Array, vocabSize: number, what: string): void {
  for (const id of ids) if (!(id >= 0 && id < vocabSize)) throw new Error(`${what} token ${id} is outside the vocabulary of ${vocabSize}`);
}
