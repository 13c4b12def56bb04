/** Renderers and GPU adapters that draw on the CPU: WebGL or WebGPU through them is slower than WASM, and no speed figure. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * A GPU adapter's name for people (the dashboard, the CLI, the benchmarks): GPUAdapterInfo's
 * description when the browser or Dawn gives one, else its vendor and architecture (Chromium
 * leaves the description empty for SwiftShader: 'google swiftshader'), as the WebGPU engine
 * names its own adapter (webgpu/gpuDevice.ts).
 */
export function adapterName(info: GPUAdapterInfo): string {
  return info.description || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'WebGPU adapter';
}
