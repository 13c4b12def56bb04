/**
 * Node-only: the WebGPU engine on Dawn, through the optional npm package `webgpu` (Dawn for
 * Node). It is loaded only when asked for, and it is not in the VSIX: where it is not installed,
 * or Dawn finds no adapter (no GPU, or a Vulkan driver too old for it, as Debian 12's lavapipe),
 * the error says which.
 */
import type { ModelConfig } from '../model/config';
import type { ParamSet } from '../model/paramSpec';
import type { OptimizerConfig, TrainEngine } from './engine';
import { adapterName } from './gpuAdapterName';
import { failingOnDeviceLoss } from './gpuDeviceLoss';
import { WebGpuEngine, WebGpuUnavailableError } from './webgpu/webgpuEngine';

/** Dawn's navigator.gpu and the name of the adapter it gives. */
export interface NodeGpu {
  readonly gpu: GPU;
  readonly adapterName: string;
}

/** Dawn's GPU with an adapter, or WebGpuUnavailableError naming why there is none. */
export async function nodeGpu(): Promise<NodeGpu> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(`the optional npm package webgpu (Dawn for Node) did not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  // Dawn's objects (GPUBufferUsage, ...) are globals in a browser; the engine expects them there.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new WebGpuUnavailableError('Dawn (the webgpu package) found no GPU adapter on this machine: no GPU, or no Vulkan, Metal or D3D12 driver it can use');
  // GPUAdapter.info: see webview/worker/gpuAdapter.ts on the @webgpu/types tf.js pins.
  const { info } = adapter as GPUAdapter & { readonly info: GPUAdapterInfo };
  return { gpu, adapterName: adapterName(info) };
}

/** The WebGPU engine on Dawn's adapter, failing its minibatches once the device is lost. */
export async function createNodeWebGpuEngine(config: ModelConfig, params: ParamSet, optimizer: OptimizerConfig): Promise<TrainEngine> {
  const { gpu } = await nodeGpu();
  return failingOnDeviceLoss(await WebGpuEngine.create({ gpu, config, params, optimizer }));
}
