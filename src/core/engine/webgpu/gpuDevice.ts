/**
 * An adapter and a device for the engine, with the adapter's largest storage buffers (the
 * arena is one binding), its name for the dashboard, and the reason it is lost, if it is.
 */
import { WebGpuUnavailableError } from './webgpuUnavailable';

export interface GpuDevice {
  readonly device: GPUDevice;
  readonly adapterName: string;
  readonly softwareAdapter: boolean;
  readonly lost: Promise<string>;
}

/** GPUAdapterInfo as browsers now give it (adapter.info; requestAdapterInfo is gone). */
interface AdapterWithInfo {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string; readonly isFallbackAdapter?: boolean };
  /** Where older browsers said it (not in every lib's GPUAdapter). */
  readonly isFallbackAdapter?: boolean;
}

/** GPUAdapter.info's description, else vendor and architecture. */
function adapterName(adapter: GPUAdapter): string {
  const info = (adapter as unknown as AdapterWithInfo).info;
  return info?.description || [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'WebGPU adapter';
}

export async function acquireDevice(gpu: GPU | undefined): Promise<GpuDevice> {
  if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available here (no navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('WebGPU found no adapter');
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize, maxBufferSize } });
  } catch (e) {
    throw new WebGpuUnavailableError(`WebGPU gave no device: ${e instanceof Error ? e.message : String(e)}`);
  }
  // the engine's own dispose() destroys the device: that is no loss to fall back from
  const lost = device.lost.then((info) => (info.reason === 'destroyed' ? new Promise<string>(() => undefined) : info.message || 'the GPU device was lost'));
  // a software adapter (SwiftShader) says so in its info now, on the adapter itself before
  const withInfo = adapter as unknown as AdapterWithInfo;
  const softwareAdapter = withInfo.info?.isFallbackAdapter ?? withInfo.isFallbackAdapter ?? false;
  return { device, adapterName: adapterName(adapter), softwareAdapter, lost };
}
