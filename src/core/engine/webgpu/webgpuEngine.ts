/**
 * The fused WebGPU engine: a whole minibatch (forward through all steps and layers, head and
 * mean cross-entropy, BPTT, global-norm clipping and the SGD update) recorded in WGSL, the
 * parameters resident on the GPU between minibatches. Gives the fused WASM engine's numbers to
 * float32 rounding.
 */
import type { Minibatch } from '../../data/minibatch';
import type { ModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import type { OptimizerConfig, StepResult, TrainEngine } from '../engine';

export const WEBGPU_ENGINE_NAME = 'webgpu';

/** No navigator.gpu, no adapter, no device, or a config this engine does not run (its message says which). */
export class WebGpuUnavailableError extends Error {}

export interface WebGpuEngineOptions {
  readonly gpu: GPU;               // navigator.gpu, or the `webgpu` npm package's create([]) in Node
  readonly config: ModelConfig;
  readonly params: ParamSet;
  readonly optimizer: OptimizerConfig; // SGD (d2l) is required; Adam may throw WebGpuUnavailableError
}

export class WebGpuEngine implements TrainEngine {
  readonly name: string = WEBGPU_ENGINE_NAME;

  private constructor(
    readonly config: ModelConfig,
    /** From GPUAdapter.info: description, else vendor + architecture. */
    readonly adapterName: string,
    /** Resolves with the reason when the device is lost; the trainer then falls back to the next engine. */
    readonly lost: Promise<string>,
  ) {}

  static async create(options: WebGpuEngineOptions): Promise<WebGpuEngine> {
    throw new WebGpuUnavailableError(`The WebGPU engine is not built yet (${options.config.cell})`);
  }

  trainStep(_batch: Minibatch, _resetState: boolean): Promise<StepResult> {
    throw new WebGpuUnavailableError('The WebGPU engine is not built yet');
  }

  getParams(): Promise<ParamSet> {
    throw new WebGpuUnavailableError('The WebGPU engine is not built yet');
  }

  setParams(_params: ParamSet): Promise<void> {
    throw new WebGpuUnavailableError('The WebGPU engine is not built yet');
  }

  dispose(): void {}
}
