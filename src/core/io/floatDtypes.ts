/**
 * The float dtypes of safetensors read as float32: PyTorch models are saved in half precision
 * (F16, BF16) or double (F64) as often as in F32. F16 and BF16 widen to float32 exactly; F64
 * rounds to the nearest float32 (and past ±3.4·10³⁸ to ±Infinity, which the model check refuses).
 */
import { readFloat32Le } from './float32le';

export type FloatDtype = 'F32' | 'F16' | 'BF16' | 'F64';

/** Bytes per value of each dtype. */
export const DTYPE_BYTES: Readonly<Record<FloatDtype, number>> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

/** IEEE 754 binary16 bits → its value: 1 sign, 5 exponent (bias 15), 10 fraction bits. */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal: 0.fraction · 2⁻¹⁴
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** `count` values of `dtype` from `byteOffset` of `bytes` (little-endian), as float32. */
export function readFloatsLe(dtype: FloatDtype, bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  if (dtype === 'F32') return readFloat32Le(bytes, byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, count * DTYPE_BYTES[dtype]);
  const out = new Float32Array(count);
  if (dtype === 'BF16') {
    // BF16 is the top half of a float32's bits: it widens by a 16-bit shift, in place.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  } else if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfValue(view.getUint16(i * 2, true));
  } else {
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}
