/**
 * The fused WebGPU engine: a whole minibatch (forward through all steps and layers, head and
 * mean cross-entropy, BPTT, global-norm clipping and the SGD or Adam update) as one recorded program in
 * WGSL, one compute pass in one submission, with the parameters resident on the GPU between
 * minibatches. A step reads back two floats (the loss and ‖g‖); parameters come back only when
 * asked (checkpoints, samples, traces). Gives the fused WASM engine's numbers to float32
 * rounding (test/unit/webgpuEngine.test.ts says how close).
 */
import type { Minibatch } from '../../data/minibatch';
import { ModelConfig, validateModelConfig } from '../../model/config';
import { ParamSet, validateParams } from '../../model/paramSpec';
import type { OptimizerConfig, StepResult, TrainEngine } from '../engine';
import { ADAM } from '../adam';
import { stateBuffers } from '../fused/memory/batchState';
import { readParams } from '../fused/memory/paramPacking';
import { GpuDevice, acquireDevice } from './gpuDevice';
import { BUFFER_COPY_DST, BUFFER_MAP_READ } from './gpuFlags';
import { mapped, readStaged, stageCopies } from './gpuReadback';
import { uploadParams } from './gpuParams';
import { Pipelines, compilePipelines } from './pipelines';
import { ShapePlan, planShape } from './shapePlan';
import { recordProgram } from './programPlan';
import { planGpu } from './gpuLayout';
import { stepProgram } from './stepProgram';
import { tokenIds } from './tokenIds';
import { SerialRuns } from '../../util/serialRuns';
import { FLAGS_BYTES } from './kernels/finiteFlags';
export { WebGpuUnavailableError } from './webgpuUnavailable';

export const WEBGPU_ENGINE_NAME = 'webgpu';

export interface WebGpuEngineOptions {
  readonly gpu: GPU;               // navigator.gpu, or the `webgpu` npm package's create([]) in Node
  readonly config: ModelConfig;
  readonly params: ParamSet;
  readonly optimizer: OptimizerConfig; // SGD (d2l) is required; Adam may throw WebGpuUnavailableError (this engine runs both)
}

export class WebGpuEngine implements TrainEngine {
  readonly name: string = WEBGPU_ENGINE_NAME;
  /** From GPUAdapter.info: description, else vendor + architecture. */
  readonly adapterName: string;
  /** A software adapter (SwiftShader's CPU rendering): correct, but no faster than the CPU engines. */
  readonly softwareAdapter: boolean;
  /** Resolves with the reason when the device is lost (not when dispose() destroys it); the trainer then falls back to the next engine. */
  readonly lost: Promise<string>;
  private readonly device: GPUDevice;
  /** Where a step's [loss, ‖g‖] is mapped back. */
  private readonly readback: GPUBuffer;
  /** Whether the arena's slot 0 holds the state carried from the last step (else the next step starts from zeros). */
  private carried = false;
  /** Adam's step count t (finite steps since the parameters were set), for the bias corrections. */
  private adamSteps = 0;
  /** Calls run one after another: each maps buffers and may re-plan the arena. */
  private readonly calls = new SerialRuns();

  private constructor(
    gpu: GpuDevice,
    private readonly pipelines: Pipelines,
    readonly config: ModelConfig,
    private readonly optimizer: OptimizerConfig,
    private plan: ShapePlan,
  ) {
    this.device = gpu.device;
    this.adapterName = gpu.adapterName;
    this.softwareAdapter = gpu.softwareAdapter;
    this.lost = gpu.lost;
    this.readback = this.device.createBuffer({ label: 'step result', size: 8, usage: BUFFER_MAP_READ | BUFFER_COPY_DST });
  }

  /** Acquires a device, compiles the kernels and loads `params`. */
  static async create(options: WebGpuEngineOptions): Promise<WebGpuEngine> {
    const { config, optimizer } = options;
    validateModelConfig(config);
    validateParams(config, options.params);
    const gpu = await acquireDevice(options.gpu);
    try {
      // every kernel a step can use appears in the program of a one-step batch
      const pipelines = await compilePipelines(gpu.device, stepProgram(config, planGpu(config, 1, 1, optimizer.kind === 'adam'), optimizer).map((d) => d.kernel));
      const engine = new WebGpuEngine(gpu, pipelines, config, optimizer, planShape(gpu.device, pipelines, config, optimizer, 0, 0));
      await engine.setParams(options.params);
      return engine;
    } catch (e) {
      gpu.device.destroy();
      throw e;
    }
  }

  trainStep(batch: Minibatch, resetState: boolean): Promise<StepResult> {
    return this.serial(async () => {
      const plan = this.planFor(batch, resetState);
      const { device } = this;
      device.queue.writeBuffer(plan.ints, 0, tokenIds(plan.layout, batch, this.config.vocabSize));
      if (resetState || !this.carried) this.zeroState(plan);
      device.queue.writeBuffer(plan.arena, 0, new Float32Array(FLAGS_BYTES / 4)); // no value is known non-finite yet
      const t = this.adamSteps + 1;
      if (this.optimizer.kind === 'adam') device.queue.writeBuffer(plan.arena, plan.layout.adamCorrections, new Float32Array([1 - ADAM.beta1 ** t, 1 - ADAM.beta2 ** t]));
      device.pushErrorScope('validation');
      const encoder = device.createCommandEncoder();
      recordProgram(encoder, plan);
      encoder.copyBufferToBuffer(plan.arena, plan.layout.result, this.readback, 0, 8);
      device.queue.submit([encoder.finish()]);
      const error = await device.popErrorScope();
      if (error) throw new Error(`The WebGPU training step failed: ${error.message}`);
      // the step's last dispatches carried the state (or zeroed it after a non-finite step)
      this.carried = true;
      const [loss, gradNorm] = new Float32Array(await mapped(this.readback, 8));
      if (Number.isFinite(loss) && Number.isFinite(gradNorm)) this.adamSteps = t; // the GPU skipped the update otherwise
      return { loss, gradNorm };
    });
  }

  getParams(): Promise<ParamSet> {
    return this.serial(async () => readParams(this.config, this.plan.layout.model, await this.readArena(0)));
  }

  /** ∂loss/∂θ of the last step, before clipping, by parameter name. */
  getGradients(): Promise<ParamSet> {
    return this.serial(async () => readParams(this.config, this.plan.layout.model, await this.readArena(this.plan.layout.model.gradShift)));
  }

  setParams(params: ParamSet): Promise<void> {
    return this.serial(async () => {
      const { model } = this.plan.layout;
      uploadParams(this.device, this.plan.arena, this.config, model, params);
      this.carried = false; // new parameters start from a zero state
      // and a new run: Adam forgets its moments and step count
      this.adamSteps = 0;
      const zeros = new Float32Array(model.paramFloats);
      for (const p of model.adamM ? [model.adamM, model.adamV] : []) this.device.queue.writeBuffer(this.plan.arena, p, zeros);
    });
  }

  dispose(): void {
    this.plan.destroy();
    this.readback.destroy();
    this.device.destroy();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    return this.calls.run(work);
  }

  /** The plan for this batch's shape: a new one takes θ, and the carried state unless `resetState`. */
  private planFor(batch: Minibatch, resetState: boolean): ShapePlan {
    const old = this.plan;
    const { batchSize: B, numSteps: T } = batch;
    if (old.layout.batch.batchSize === B && old.layout.batch.numSteps === T) return old;
    const carry = this.carried && !resetState;
    if (carry && old.layout.batch.batchSize !== B) throw new Error(`Cannot carry the state of a batch of ${old.layout.batch.batchSize} into a batch of ${B}`);
    const plan = planShape(this.device, this.pipelines, this.config, this.optimizer, B, T);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(old.arena, 0, plan.arena, 0, plan.layout.model.end); // θ and Adam's moments: the model part is the same in every plan
    if (carry) {
      const size = B * this.config.hiddenSize * 4;
      const from = stateBuffers(old.layout.batch);
      stateBuffers(plan.layout.batch).forEach((bufs, layer) => bufs.forEach((p, i) => encoder.copyBufferToBuffer(old.arena, from[layer][i], plan.arena, p, size)));
    }
    this.device.queue.submit([encoder.finish()]);
    old.destroy();
    this.plan = plan;
    this.carried = carry;
    return plan;
  }

  /** H_0 (and C_0) ← 0 in every layer. */
  private zeroState(plan: ShapePlan): void {
    const zeros = new Float32Array(plan.layout.batch.batchSize * this.config.hiddenSize);
    for (const bufs of stateBuffers(plan.layout.batch)) for (const p of bufs) this.device.queue.writeBuffer(plan.arena, p, zeros);
  }

  /** θ (shift 0) or ∂θ (its shift) copied out of the arena, at the offsets of the model layout. */
  private readArena(shift: number): Promise<ArrayBuffer> {
    const { paramsStart, paramFloats } = this.plan.layout.model;
    const bytes = paramsStart + paramFloats * 4;
    const encoder = this.device.createCommandEncoder();
    const staging = stageCopies(this.device, encoder, this.plan.arena, [{ offset: shift, bytes }], 'parameters out');
    this.device.queue.submit([encoder.finish()]);
    return readStaged(staging, bytes);
  }
}
