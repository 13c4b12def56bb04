/**
 * What the trainer worker finds of WebGPU before a run, so that its engine list can say why
 * the WebGPU engine is skipped: no navigator.gpu (WebGPU off in this browser), no adapter (no
 * GPU it may use), or (by its name) an adapter that computes on the CPU.
 */
import { adapterName } from '../../src/core/engine/gpuAdapterName';

export type GpuFinding =
  | { readonly gpu: GPU; readonly adapterName: string }
  | { readonly gpu?: undefined; readonly absent: string };

export async function findGpu(): Promise<GpuFinding> {
  // The type says navigator.gpu is always there; browsers without WebGPU leave it undefined.
  const gpu: GPU | undefined = navigator.gpu;
  if (!gpu) return { absent: 'no navigator.gpu in this worker (WebGPU is off in this browser)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { absent: `navigator.gpu.requestAdapter() failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { absent: 'navigator.gpu gave no adapter (no GPU this browser may use for WebGPU)' };
  // GPUAdapter.info replaced requestAdapterInfo() (gone from Chromium); the @webgpu/types that
  // tf.js pins (0.1.38) knows only the latter.
  const { info } = adapter as GPUAdapter & { readonly info: GPUAdapterInfo };
  return { gpu, adapterName: adapterName(info) };
}
