/** Renderers and GPU adapters that draw on the CPU: WebGL or WebGPU through them is slower than WASM, and no speed figure. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * A GPU adapter's name for people (the dashboard, the CLI, the benchmarks): GPUAdapterInfo's
 * description when the browser or Dawn gives one, else its vendor, architecture and device
 * (Chromium leaves the description empty for SwiftShader: 'google swiftshader').
 */
export function adapterName(info: GPUAdapterInfo): string {
  const described = info.description.trim();
  if (described) return described;
  const parts = [info.vendor, info.architecture, info.device].map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'an unnamed adapter';
}
