/**
 * Float32 values as little-endian bytes, the byte order of both the native weights file and
 * safetensors, whatever the host's order. DataView also reads at offsets that are not a
 * multiple of 4, which safetensors allows.
 */

/** Writes `values` into `out` from `byteOffset`, 4 little-endian bytes each. */
export function writeFloat32Le(values: Float32Array, out: Uint8Array, byteOffset: number): void {
  const view = new DataView(out.buffer, out.byteOffset + byteOffset, values.length * 4);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
}

/** Reads `count` little-endian float32 values starting at `byteOffset` of `bytes`. */
export function readFloat32Le(bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, count * 4);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
