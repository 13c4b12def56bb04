/**
 * What the trainer worker finds of WebGPU before a run, so that its engine list can say why
 * the WebGPU engine is skipped: no navigator.gpu (WebGPU off in this browser), no adapter (no
 * GPU it may use), or an adapter that computes on the CPU (a fallback adapter, or one named so).
 */
import { adapterName, SOFTWARE_RENDERER } from '../../src/core/engine/gpuAdapterName';

export type GpuFinding =
  | { readonly gpu: GPU; readonly adapterName: string; readonly software: boolean }
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
  // GPUAdapter.info replaced requestAdapterInfo() (gone from Chromium), and took over
  // isFallbackAdapter; the @webgpu/types that tf.js pins (0.1.38) knows neither.
  const { info } = adapter as GPUAdapter & { readonly info: GPUAdapterInfo & { readonly isFallbackAdapter?: boolean } };
  const name = adapterName(info);
  return { gpu, adapterName: name, software: info.isFallbackAdapter === true || SOFTWARE_RENDERER.test(name) };
}
