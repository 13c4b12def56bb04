/**
 * The engine that traces an explored span. With lstmLens.backend `webgpu`, or `auto` where Node's
 * WebGPU (Dawn) gives a hardware adapter, the WebGPU tracer (one submission for the whole span);
 * otherwise, or when WebGPU is missing or fails, the fused WebAssembly tracer (one pass over the
 * whole span) when fused.wasm loads, else the plain TypeScript stepper's trace(). Dawn is loaded
 * only when the setting asks for WebGPU; what it said is remembered per setting, so a machine
 * without a GPU is probed once. The engines are made once per model revision (a GPU tracer of
 * the same shape takes the new weights). vscode-free, so the benchmark runs the same code.
 */
import { FusedTracer } from '../../core/engine/fused/infer/fusedTracer';
import { SOFTWARE_RENDERER } from '../../core/engine/gpuAdapterName';
import type { WebGpuTracer } from '../../core/engine/webgpu/webgpuTracer';
import { trace } from '../../core/infer/gateTrace';
import type { SavedModel } from '../../core/io/savedModel';
import { type ModelConfig, sameShape } from '../../core/model/config';
import type { ParamSet } from '../../core/model/paramSpec';
import type { EngineChoice } from '../../core/train/runSpec';
import { errorText } from '../../core/util/errorText';
import { SerialRuns } from '../../core/util/serialRuns';
import { GpuSpanEngine } from './gpuSpanEngine';
import type { SpanEngine } from './spanEngine';

export type { SpanEngine, SpanTrace } from './spanEngine';

/** Where the WebGPU tracer comes from, and the setting that says whether to use it. */
export interface SpanGpu {
  /** lstmLens.backend, read for every model revision. */
  readonly backend: () => EngineChoice;
  /** A WebGPU tracer for the model (Node: Dawn, nodeWebGpu.ts); called only when `backend` asks for WebGPU. */
  readonly open: (config: ModelConfig, params: ParamSet) => Promise<WebGpuTracer>;
}

/** No WebGPU: the CPU engines only. */
const CPU_ONLY: SpanGpu = { backend: () => 'fused', open: () => Promise.reject(new Error('no WebGPU tracer here')) };

/** Whether a setting traces on WebGPU: `webgpu` on any adapter, `auto` on a hardware one only. */
function wantsGpu(choice: EngineChoice): choice is 'webgpu' | 'auto' {
  return choice === 'webgpu' || choice === 'auto';
}

export class SpanTracer {
  private cached: { revision: number; choice: EngineChoice; engine: Promise<SpanEngine> } | undefined;
  /** The live GPU tracer, and the shape of the model it holds. */
  private gpu: { tracer: WebGpuTracer; config: ModelConfig } | undefined;
  /** Why WebGPU does not trace under this setting (found once, not probed again). */
  private noGpu: { choice: EngineChoice; reason: string } | undefined;
  /** Engines are made one at a time: two revisions must not open two devices. */
  private readonly making = new SerialRuns();

  /**
   * @param loadWasm fused.wasm's bytes (throws when it is missing: the TypeScript engine is used)
   * @param onFallback told why an engine is not used, as a sentence for the log: once per model
   *   revision for the fused tracer, once per setting for WebGPU, and once when a GPU trace fails
   * @param webgpu the setting and the WebGPU tracer (none: the CPU engines only)
   */
  constructor(
    private readonly loadWasm: () => Uint8Array,
    private readonly onFallback: (reason: string) => void = () => undefined,
    private readonly webgpu: SpanGpu = CPU_ONLY,
  ) {}

  /** The engine for `model` at `revision` (a new revision reloads the weights, a changed setting the engine). */
  engineFor(model: SavedModel, revision: number): Promise<SpanEngine> {
    const choice = this.webgpu.backend();
    if (this.cached?.revision !== revision || this.cached.choice !== choice) {
      this.cached = { revision, choice, engine: this.making.run(() => this.make(model, choice)) };
    }
    return this.cached.engine;
  }

  /** Lets the GPU tracer's device go. */
  dispose(): void {
    this.dropGpu();
  }

  private async make(model: SavedModel, choice: EngineChoice): Promise<SpanEngine> {
    const cpu = await this.cpuEngine(model);
    if (!wantsGpu(choice)) {
      this.dropGpu();
      return cpu;
    }
    const gpu = await this.gpuTracer(model, choice, cpu.name);
    if (!gpu) return cpu;
    return new GpuSpanEngine(gpu, cpu, (reason) => {
      this.dropGpu(gpu);
      this.noGpu = { choice, reason };
      this.onFallback(`the WebGPU trace failed (${reason}); tracing on ${cpu.name} from now on.`);
    });
  }

  /** The fused tracer, else the TypeScript stepper. */
  private async cpuEngine(model: SavedModel): Promise<SpanEngine> {
    try {
      const tracer = await FusedTracer.create(this.loadWasm(), model.config, model.params);
      return { name: 'fused-wasm', trace: async (tokens, options) => ({ gates: tracer.trace(tokens, options), engine: 'fused-wasm' }) };
    } catch (e) {
      this.onFallback(`the fused tracer is not available (${errorText(e)}); tracing in TypeScript.`);
      return { name: 'typescript', trace: async (tokens, options) => ({ gates: trace(model.params, model.config, tokens, options), engine: 'typescript' }) };
    }
  }

  /** A GPU tracer holding `model`'s weights, or undefined (told why) when WebGPU does not trace under `choice`. */
  private async gpuTracer(model: SavedModel, choice: 'webgpu' | 'auto', fallback: string): Promise<WebGpuTracer | undefined> {
    if (this.noGpu?.choice === choice) return undefined;
    try {
      const tracer = await this.holding(model);
      if (choice === 'auto' && (tracer.softwareAdapter || SOFTWARE_RENDERER.test(tracer.adapterName))) {
        this.dropGpu(tracer);
        throw new Error(`its adapter, ${tracer.adapterName}, draws on the CPU; lstmLens.backend auto uses WebGPU on a GPU only`);
      }
      return tracer;
    } catch (e) {
      this.dropGpu();
      this.noGpu = { choice, reason: errorText(e) };
      this.onFallback(`WebGPU does not trace here (${errorText(e)}); tracing on ${fallback}.`);
      return undefined;
    }
  }

  /** The live GPU tracer given `model`'s weights, when it has the same shape; else a new one. */
  private async holding(model: SavedModel): Promise<WebGpuTracer> {
    if (this.gpu && sameShape(this.gpu.config, model.config)) {
      await this.gpu.tracer.setParams(model.params);
      return this.gpu.tracer;
    }
    this.dropGpu();
    const tracer = await this.webgpu.open(model.config, model.params);
    this.gpu = { tracer, config: model.config };
    return tracer;
  }

  /** Disposes the live GPU tracer (only if it is `tracer`, when given). */
  private dropGpu(tracer?: WebGpuTracer): void {
    if (!this.gpu || (tracer && this.gpu.tracer !== tracer)) return;
    this.gpu.tracer.dispose();
    this.gpu = undefined;
  }
}
