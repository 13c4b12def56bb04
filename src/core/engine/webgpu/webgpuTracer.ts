/**
 * The gate explorer's trace on WebGPU: a whole token span's recurrence in one submission (the
 * input projection for all tokens, one dispatch per step and layer, the head on every H: see
 * traceProgram.ts), with the parameters resident on the GPU between traces. Each step's gates of
 * every layer and the logits land in one range of the arena, read back once; the result is the
 * fused tracer's GateTrace, built by the same code (tracedSteps.ts), so callers can swap them.
 * test/unit/webgpuTracer.test.ts says how close its numbers are to the fused tracer's.
 */
import { ModelConfig, validateModelConfig } from '../../model/config';
import { ParamSet, validateParams } from '../../model/paramSpec';
import type { GateTrace, TraceOptions } from '../../infer/gateTrace';
import { InferState, cloneInferState, zeroInferState } from '../../infer/inferState';
import { tracedSteps } from '../fused/infer/tracedSteps';
import { GpuDeviceLostError } from '../gpuDeviceLoss';
import { SerialRuns } from '../../util/serialRuns';
import { GpuDevice, acquireDevice } from './gpuDevice';
import { uploadParams } from './gpuParams';
import { readStaged, stageCopies } from './gpuReadback';
import { FORWARD_FLAG } from './kernels/finiteFlags';
import { Pipelines, compilePipelines } from './pipelines';
import { ProgramPlan, planProgram, recordProgram } from './programPlan';
import { TraceLayout, planTrace } from './traceLayout';
import { traceProgram } from './traceProgram';
import { traceTokenIds } from './tokenIds';
import { WEBGPU_ENGINE_NAME } from './webgpuEngine';

export interface WebGpuTracerOptions {
  readonly gpu: GPU; // navigator.gpu, or the `webgpu` npm package's create([]) in Node
  readonly config: ModelConfig;
  readonly params: ParamSet;
}

/** A trace length on the device: its layout and recorded program. */
interface TracePlan extends ProgramPlan {
  readonly layout: TraceLayout;
}

function planTraceOf(device: GPUDevice, pipelines: Pipelines, config: ModelConfig, numSteps: number): TracePlan {
  const layout = planTrace(config, numSteps);
  const program = numSteps > 0 ? traceProgram(config, layout) : [];
  return { layout, ...planProgram(device, pipelines, { what: `A trace of ${numSteps} steps`, arenaBytes: layout.bytes, intBytes: layout.intBytes, program }) };
}

/** Bytes of the forward flag, read back after the values. */
const FLAG_BYTES = 4;

export class WebGpuTracer {
  readonly name: string = WEBGPU_ENGINE_NAME;
  readonly adapterName: string;
  /** A software adapter (SwiftShader's CPU rendering): correct, but no faster than the fused tracer. */
  readonly softwareAdapter: boolean;
  /** Resolves with the reason when the device is lost (not when dispose() destroys it). */
  readonly lost: Promise<string>;
  private readonly device: GPUDevice;
  /** Calls run one after another: each maps a buffer and may re-plan the arena. */
  private readonly calls = new SerialRuns();
  /** Rejects with GpuDeviceLostError once the device is lost. */
  private readonly lostError: Promise<never>;

  private constructor(
    gpu: GpuDevice,
    private readonly pipelines: Pipelines,
    readonly config: ModelConfig,
    private plan: TracePlan,
  ) {
    this.device = gpu.device;
    this.adapterName = gpu.adapterName;
    this.softwareAdapter = gpu.softwareAdapter;
    this.lost = gpu.lost;
    this.lostError = gpu.lost.then((reason) => Promise.reject(new GpuDeviceLostError(this.name, reason)));
    this.lostError.catch(() => undefined);
  }

  /** Acquires a device, compiles the kernels and loads `params`. */
  static async create(options: WebGpuTracerOptions): Promise<WebGpuTracer> {
    const { config } = options;
    validateModelConfig(config);
    validateParams(config, options.params);
    const gpu = await acquireDevice(options.gpu);
    try {
      // every kernel a trace uses appears in the program of a one-token trace
      const pipelines = await compilePipelines(gpu.device, traceProgram(config, planTrace(config, 1)).map((d) => d.kernel));
      const tracer = new WebGpuTracer(gpu, pipelines, config, planTraceOf(gpu.device, pipelines, config, 0));
      await tracer.setParams(options.params);
      return tracer;
    } catch (e) {
      gpu.device.destroy();
      throw e;
    }
  }

  setParams(params: ParamSet): Promise<void> {
    validateParams(this.config, params);
    return this.calls.run(async () => uploadParams(this.device, this.plan.arena, this.config, this.plan.layout.model, params));
  }

  /**
   * Traces `tokens` from `options.fromState` (zeros when absent): GateTrace as the fused tracer
   * gives it. Rejects when a token is outside the vocabulary, when a value went non-finite (a
   * GPU's exp need not carry a NaN: the fused tracer shows it as it is), or when the device is lost.
   */
  trace(tokens: ArrayLike<number>, options: TraceOptions = {}): Promise<GateTrace> {
    return this.calls.run(() => this.run(tokens, options));
  }

  dispose(): void {
    this.plan.destroy();
    this.device.destroy();
  }

  private async run(tokens: ArrayLike<number>, options: TraceOptions): Promise<GateTrace> {
    const { config, device } = this;
    const ids = traceTokenIds(tokens, config.vocabSize);
    const finalState = options.fromState ? cloneInferState(options.fromState) : zeroInferState(config);
    const T = ids.length;
    if (T === 0) return { config, steps: [], finalState };
    const plan = this.planFor(T);
    const { layout } = plan;
    device.queue.writeBuffer(plan.ints, 0, ids);
    device.queue.writeBuffer(plan.arena, 0, new Float32Array(FLAG_BYTES / 4)); // no value is known non-finite yet
    this.writeState(plan, finalState);
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder();
    recordProgram(encoder, plan);
    const ranges = [{ offset: layout.readFrom, bytes: layout.readBytes }, { offset: FORWARD_FLAG * 4, bytes: FLAG_BYTES }];
    const staging = stageCopies(device, encoder, plan.arena, ranges, 'trace out');
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) {
      staging.destroy();
      throw new Error(`The WebGPU trace failed: ${error.message}`);
    }
    const floats = new Float32Array(await this.unlessLost(readStaged(staging, layout.readBytes + FLAG_BYTES)));
    if (floats[layout.readBytes / 4] !== 0) throw new Error('The WebGPU trace went non-finite: a gate\'s input is NaN or infinite');
    const base = layout.readFrom / 4;
    const logitsAt = layout.logits / 4 - base;
    const logits = floats.subarray(logitsAt, logitsAt + (T + 1) * config.vocabSize);
    const steps = tracedSteps(config, { layout: layout.forward, floats, base }, tokens, logits, options.topK ?? 5);
    this.readState(layout, floats, finalState);
    return { config, steps, finalState };
  }

  /** The plan for a trace of T tokens: a new one takes θ from the last (the model part is the same in every plan). */
  private planFor(T: number): TracePlan {
    const old = this.plan;
    if (old.layout.forward.numSteps === T) return old;
    const plan = planTraceOf(this.device, this.pipelines, this.config, T);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(old.arena, 0, plan.arena, 0, plan.layout.model.end);
    this.device.queue.submit([encoder.finish()]);
    old.destroy();
    this.plan = plan;
    return plan;
  }

  /** H_0 (and C_0) of every layer from `state` (slot 0 of its hs and cs). */
  private writeState(plan: TracePlan, state: InferState): void {
    const h = this.config.hiddenSize;
    plan.layout.forward.layers.forEach((act, layer) => {
      const rows = (s: Float64Array) => Float32Array.from(s.subarray(layer * h, (layer + 1) * h));
      this.device.queue.writeBuffer(plan.arena, act.hs, rows(state.h));
      if (act.cs && state.c) this.device.queue.writeBuffer(plan.arena, act.cs, rows(state.c));
    });
  }

  /** `state` ← H_T (and C_T) of every layer, from the read-back `floats` (float i of the arena at i − readFrom/4). */
  private readState(layout: TraceLayout, floats: Float32Array, state: InferState): void {
    const h = this.config.hiddenSize;
    const last = layout.forward.numSteps * h - layout.readFrom / 4;
    layout.forward.layers.forEach((act, layer) => {
      state.h.set(floats.subarray(act.hs / 4 + last, act.hs / 4 + last + h), layer * h);
      if (act.cs && state.c) state.c.set(floats.subarray(act.cs / 4 + last, act.cs / 4 + last + h), layer * h);
    });
  }

  /** `work`, or a GpuDeviceLostError once the device is lost (a map that never completes must not hang the trace). */
  private unlessLost<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.lostError]);
  }
}
