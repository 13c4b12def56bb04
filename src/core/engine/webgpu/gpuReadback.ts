/** Reading GPU buffers back: through a MAP_READ staging buffer, mapped once the GPU has written it. */
import { BUFFER_COPY_DST, BUFFER_MAP_READ, MAP_READ } from './gpuFlags';

/** A copy of a MAP_READ buffer's first `bytes` once the GPU has written it. */
export async function mapped(buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  await buffer.mapAsync(MAP_READ, 0, bytes);
  const copy = buffer.getMappedRange(0, bytes).slice(0);
  buffer.unmap();
  return copy;
}

/** A byte range of a GPU buffer: [offset, offset + bytes). */
export interface BufferRange {
  readonly offset: number;
  readonly bytes: number;
}

/**
 * A staging buffer holding `ranges` of `source` one after another, their copies recorded on
 * `encoder`; its size is their sum (offsets and sizes are multiples of 4, as copies need).
 */
export function stageCopies(device: GPUDevice, encoder: GPUCommandEncoder, source: GPUBuffer, ranges: readonly BufferRange[], label: string): GPUBuffer {
  const size = ranges.reduce((n, r) => n + r.bytes, 0);
  const staging = device.createBuffer({ label, size, usage: BUFFER_MAP_READ | BUFFER_COPY_DST });
  let at = 0;
  for (const { offset, bytes } of ranges) {
    encoder.copyBufferToBuffer(source, offset, staging, at, bytes);
    at += bytes;
  }
  return staging;
}

/** `staging`'s contents once the submitted work has written them; the staging buffer is released. */
export async function readStaged(staging: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  try {
    return await mapped(staging, bytes);
  } finally {
    staging.destroy();
  }
}
