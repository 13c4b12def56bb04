/**
 * A safetensors model read from disk, checked before it is read: a regular file (a link the user
 * picked may lead to one), no larger than a header and the weights of the largest model allowed.
 * Node only.
 */
import { readBoundedFile } from './boundedRead';
import { DEFAULT_MAX_PARAMETERS, type ModelLimits } from './modelLimits';
import { DTYPE_BYTES } from './floatDtypes';
import { MAX_HEADER_BYTES } from './safetensors';
import { readTorchSafetensors, type TorchImport } from './torchSafetensors';

export async function readTorchSafetensorsFile(path: string, limits: ModelLimits = {}): Promise<TorchImport> {
  // Weights may be stored as F64, 8 bytes each.
  const maxBytes = 8 + MAX_HEADER_BYTES + DTYPE_BYTES.F64 * (limits.maxParameters ?? DEFAULT_MAX_PARAMETERS);
  const bytes = await readBoundedFile(path, { maxBytes, followSymlink: true });
  try {
    return readTorchSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  } catch (e) {
    throw new Error(`Cannot load ${path}: ${(e as Error).message}`);
  }
}
