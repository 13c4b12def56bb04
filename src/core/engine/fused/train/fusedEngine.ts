/**
 * The fused WebAssembly SIMD engine: a whole minibatch (forward through all steps and layers,
 * head and mean cross-entropy, BPTT, global-norm clipping and the SGD update) in a few calls
 * into wasm/fused (SGD or Adam). Gives the reference engine's numbers to float32 rounding. With a thread
 * pool the batch's sequences are split among threads that share the memory and the weights.
 */
import type { Minibatch } from '../../../data/minibatch';
import { ModelConfig, validateModelConfig } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import { ADAM } from '../../adam';
import type { OptimizerConfig, StepResult, TrainEngine } from '../../engine';
import { carryState, moveState, writeTokens, zeroState } from '../memory/batchState';
import { forwardBackward } from './forwardBackward';
import { FusedKernels, FusedWasmSource, compileFusedWasm, instantiateFusedKernels } from '../kernels/kernels';
import { BatchLayout, ModelLayout, planBatch, planModel, shardRows } from '../memory/layout';
import { packWeights, readParams, writeParams } from '../memory/paramPacking';
import type { FusedThreadPool } from '../threads/threadPool';
import { WASM_PAGE_BYTES, growTo } from '../kernels/wasmApi';
import { fusedBuildDetail } from '../kernels/relaxedSimd';

/**
 * The engine's name with `extra` threads besides the caller's: 'fused-wasm', or
 * 'fused-wasm-2t' (threads on a shared memory), 'fused-wasm-2w' (workers passing messages).
 */
export function fusedEngineName(extra: number, by: 't' | 'w'): string {
  return extra > 0 ? `fused-wasm-${extra + 1}${by}` : 'fused-wasm';
}

/** Start of the engine's buffers; below it live the module's own constants. */
const HEAP_START = WASM_PAGE_BYTES;

export interface FusedEngineOptions {
  /** fused.wasm (fused-threads.wasm with `threads`), or its relaxed-SIMD build, compiled or as bytes. */
  readonly wasm: FusedWasmSource;
  readonly config: ModelConfig;
  readonly params: ParamSet;
  readonly optimizer: OptimizerConfig;
  /** Threads that take shares of each batch (Node: NodeFusedThreads); the engine owns and disposes it. */
  readonly threads?: FusedThreadPool;
}

/** A batch shape's shards: the rows each thread takes and its buffers. */
interface Shards {
  readonly batchSize: number;
  readonly numSteps: number;
  readonly rows: readonly { first: number; size: number }[];
  readonly layouts: readonly BatchLayout[];
}

export class FusedEngine implements TrainEngine {
  readonly name: string;
  /** The build of the kernels it runs: 'relaxed SIMD' or 'SIMD'. */
  readonly detail: string;
  private shards: Shards | undefined;
  /** Adam's step count t, for the bias corrections. */
  private adamSteps = 0;

  private constructor(
    private readonly k: FusedKernels,
    readonly config: ModelConfig,
    private readonly optimizer: OptimizerConfig,
    private readonly model: ModelLayout,
    private readonly threads: FusedThreadPool | undefined,
  ) {
    this.name = threads?.engineName ?? fusedEngineName(threads?.size ?? 0, 't');
    this.detail = fusedBuildDetail(k.relaxedSimd() !== 0);
  }

  /** Instantiates the kernels, starts the threads and loads `params`. */
  static async create(options: FusedEngineOptions): Promise<FusedEngine> {
    const { config, threads, optimizer } = options;
    try {
      validateModelConfig(config);
      const module = await compileFusedWasm(options.wasm);
      const k = instantiateFusedKernels(module, threads?.createMemory(16));
      const model = planModel(config, k, HEAP_START, (threads?.size ?? 0) + 1, optimizer.kind === 'adam');
      const engine = new FusedEngine(k, config, options.optimizer, model, threads);
      growTo(engine.k.memory, model.end);
      await threads?.start(module, k.memory, config, model);
      await engine.setParams(options.params);
      return engine;
    } catch (e) {
      threads?.dispose(); // the engine owns its threads, even one that never came to be
      throw e;
    }
  }

  async trainStep(batch: Minibatch, resetState: boolean): Promise<StepResult> {
    return this.update(await this.runShards(batch, resetState));
  }

  /** trainStep on the calling thread alone, for an engine without a thread pool. */
  trainStepSync(batch: Minibatch, resetState: boolean): StepResult {
    return this.update(this.lossAndGradients(batch, resetState));
  }

  /**
   * Forward and backward on the calling thread, without an update or advancing the state: the
   * mean loss and ‖∂θ‖ (read the gradients with getGradients). `resetState` zeroes the carried
   * state, as in trainStep.
   */
  lossAndGradients(batch: Minibatch, resetState: boolean): StepResult {
    if (this.threads) throw new Error('lossAndGradients runs on an engine without threads');
    const shards = this.prepare(batch, resetState);
    const lossSum = forwardBackward(this.k, this.config, this.model, shards.layouts[0], this.model.gradShift, batch.batchSize * batch.numSteps);
    return this.summarize(lossSum, 1);
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
    packWeights(this.k, this.config, this.model);
    this.shards = undefined; // also drops the carried state
    // new parameters start a new run: Adam forgets its moments and step count
    this.adamSteps = 0;
    const { adamM, adamV, paramFloats } = this.model;
    for (const p of adamM ? [adamM, adamV] : []) new Float32Array(this.k.memory.buffer, p, paramFloats).fill(0);
  }

  dispose(): void {
    this.shards = undefined;
    this.threads?.dispose();
  }

  /** Every shard's forwardBackward, shard 0 here and the others on the pool's threads. */
  private async runShards(batch: Minibatch, resetState: boolean): Promise<StepResult> {
    const shards = this.prepare(batch, resetState);
    const meanOver = batch.batchSize * batch.numSteps;
    const { gradShifts } = this.model;
    const remote = shards.layouts.slice(1).map((layout, i) => (this.threads as FusedThreadPool).run(i, layout, gradShifts[i + 1], meanOver));
    let lossSum = forwardBackward(this.k, this.config, this.model, shards.layouts[0], gradShifts[0], meanOver);
    for (const share of await Promise.all(remote)) lossSum += share;
    return this.summarize(lossSum, shards.layouts.length);
  }

  /** Adds the threads' shares into ∂θ; the mean loss and ‖∂θ‖. */
  private summarize(lossSum: number, shardCount: number): StepResult {
    const { k, model } = this;
    const total = model.paramsStart + model.gradShift;
    for (let s = 1; s < shardCount; s++) k.addInPlace(total, model.paramsStart + model.gradShifts[s], model.paramFloats);
    const shards = this.shards as Shards;
    return { loss: lossSum / (shards.batchSize * shards.numSteps), gradNorm: Math.sqrt(k.sumSquares(total, model.paramFloats)) };
  }

  /** d2l's grad_clipping (g ← θ/‖g‖ · g when ‖g‖ > θ, folded into the step), SGD or Adam, new packed weights, carried state. */
  private update(result: StepResult): StepResult {
    const shards = this.shards as Shards;
    const h = this.config.hiddenSize;
    if (!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm)) {
      // no update; the poisoned state is dropped, so a caller that goes on starts from zero (as TfjsEngine)
      for (const layout of shards.layouts) zeroState(this.k.memory.buffer, layout, h);
      return result;
    }
    const { lr, clipTheta, kind } = this.optimizer;
    const clip = result.gradNorm > clipTheta ? clipTheta / result.gradNorm : 1;
    const { paramsStart, gradShift, paramFloats, adamM, adamV } = this.model;
    if (kind === 'sgd') this.k.sgdStep(paramsStart, paramsStart + gradShift, paramFloats, lr * clip);
    else {
      const t = ++this.adamSteps;
      const { beta1, beta2, eps } = ADAM;
      this.k.adamStep(paramsStart, paramsStart + gradShift, adamM, adamV, paramFloats, lr, clip, beta1, beta2, eps, 1 - beta1 ** t, 1 - beta2 ** t);
    }
    packWeights(this.k, this.config, this.model);
    for (const layout of shards.layouts) carryState(this.k.memory.buffer, layout, h);
    return result;
  }

  /** Lays out the shards for this batch shape, writes their tokens and sets the initial state. */
  private prepare(batch: Minibatch, resetState: boolean): Shards {
    const { batchSize: B, numSteps: T } = batch;
    const h = this.config.hiddenSize;
    const memory = () => this.k.memory.buffer;
    let shards = this.shards;
    let zero = resetState;
    if (!shards || shards.batchSize !== B || shards.numSteps !== T) {
      if (shards && !resetState && shards.batchSize !== B) throw new Error(`Cannot carry the state of a batch of ${shards.batchSize} into a batch of ${B}`);
      const fresh = this.planShards(B, T);
      if (shards && !resetState) {
        const old = shards;
        old.layouts.forEach((layout, s) => moveState(memory(), layout, fresh.layouts[s], h));
      } else zero = true; // a new engine, new parameters or a reset: start from zeros
      shards = this.shards = fresh;
    }
    for (const [s, layout] of shards.layouts.entries()) {
      writeTokens(memory(), layout, batch, shards.rows[s].first, this.config.vocabSize);
      if (zero) zeroState(memory(), layout, h);
    }
    return shards;
  }

  private planShards(batchSize: number, numSteps: number): Shards {
    const rows = shardRows(batchSize, (this.threads?.size ?? 0) + 1);
    let start = this.model.end;
    const layouts = rows.map((r) => {
      const layout = planBatch(this.config, this.k, start, r.size, numSteps);
      start = layout.end;
      return layout;
    });
    growTo(this.k.memory, start);
    return { batchSize, numSteps, rows, layouts };
  }
}
