/**
 * Node-only: the WebGPU engine and tracer on Dawn, through the optional npm package `webgpu` (Dawn for
 * Node). It is loaded only when asked for, and it is not in the VSIX: where it is not installed,
 * or Dawn finds no adapter (no GPU, or a Vulkan driver too old for it, as Debian 12's lavapipe),
 * the error says which.
 */
import type { ModelConfig } from '../model/config';
import type { ParamSet } from '../model/paramSpec';
import type { OptimizerConfig, TrainEngine } from './engine';
import { failingOnDeviceLoss } from './gpuDeviceLoss';
import { WebGpuEngine, WebGpuUnavailableError } from './webgpu/webgpuEngine';
import { WebGpuTracer } from './webgpu/webgpuTracer';

/** Dawn's navigator.gpu once it has given an adapter, or WebGpuUnavailableError naming why there is none. */
export async function nodeGpu(): Promise<GPU> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(`the optional npm package webgpu (Dawn for Node) did not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  // The engine spells WebGPU's flags itself (webgpu/gpuFlags.ts): Dawn's globals need not be installed.
  const gpu = dawn.create([]);
  if (!(await gpu.requestAdapter())) throw new WebGpuUnavailableError('Dawn (the webgpu package) found no GPU adapter on this machine: no GPU, or no Vulkan, Metal or D3D12 driver it can use');
  return gpu;
}

/** The WebGPU engine on Dawn's adapter, failing its minibatches once the device is lost. */
export async function createNodeWebGpuEngine(config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig): Promise<TrainEngine> {
  return failingOnDeviceLoss(await WebGpuEngine.create({ gpu: await nodeGpu(), config, params, optimizer }));
}

/** The WebGPU tracer on Dawn's adapter (its `softwareAdapter` says whether that is a GPU at all). */
export async function createNodeWebGpuTracer(config: ModelConfig, params: ParamSet): Promise<WebGpuTracer> {
  return WebGpuTracer.create({ gpu: await nodeGpu(), config, params });
}
