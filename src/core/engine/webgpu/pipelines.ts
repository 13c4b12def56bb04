/**
 * The compiled kernels: one compute pipeline per kernel, all on one bind group layout (the
 * arena, the token ids, and the argument records at a dynamic offset).
 */
import { SHADER_COMPUTE } from './gpuFlags';
import { KernelSource, kernelCode } from './kernels/kernelSource';
import { WebGpuUnavailableError } from './webgpuUnavailable';

/** Bytes of one dispatch's argument record: WebGPU's dynamic-offset alignment, and room for any Args struct. */
export const ARGS_RECORD_BYTES = 256;

export interface Pipelines {
  readonly layout: GPUBindGroupLayout;
  readonly byKernel: ReadonlyMap<string, GPUComputePipeline>;
}

export function bindGroupLayout(device: GPUDevice): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: SHADER_COMPUTE, buffer: { type: 'storage' } },
      { binding: 1, visibility: SHADER_COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 2, visibility: SHADER_COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: ARGS_RECORD_BYTES } },
    ],
  });
}

/** Compiles every kernel of `kernels` (once per name); a WGSL error names its kernel. */
export async function compilePipelines(device: GPUDevice, kernels: readonly KernelSource[]): Promise<Pipelines> {
  const layout = bindGroupLayout(device);
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const unique = [...new Map(kernels.map((k) => [k.name, k])).values()];
  const compiled = await Promise.all(unique.map(async (kernel) => {
    const module = device.createShaderModule({ label: kernel.name, code: kernelCode(kernel) });
    try {
      return [kernel.name, await device.createComputePipelineAsync({ label: kernel.name, layout: pipelineLayout, compute: { module, entryPoint: 'main' } })] as const;
    } catch (e) {
      const messages = (await module.getCompilationInfo()).messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
      throw new WebGpuUnavailableError(`WebGPU could not compile kernel ${kernel.name}: ${messages.join('; ') || (e instanceof Error ? e.message : String(e))}`);
    }
  }));
  return { layout, byKernel: new Map(compiled) };
}
