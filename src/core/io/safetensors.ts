/**
 * The safetensors file format (huggingface/safetensors), written in float32, read from float32
 * (or, where the reader asks, F16/BF16/F64, converted to float32): an 8-byte little-endian
 * header length N, N bytes of JSON header (`{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {string: string}}`, offsets relative to the data after the header), then the
 * tensors' little-endian bytes. Pure, so it runs in Node and in the worker.
 */
import { shapeSize } from '../model/paramSpec';
import { writeFloat32Le } from './float32le';
import { DTYPE_BYTES, type FloatDtype, readFloatsLe } from './floatDtypes';
import { isJsonObject } from './jsonObject';

/** One tensor: its shape and its float32 values in row-major order. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, Tensor>;
  /** The header's `__metadata__`: free-form strings (safetensors allows no other values). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A file as read: its tensors in float32, and the dtype each was stored in. */
export interface ReadSafetensorsFile extends SafetensorsFile {
  readonly dtypes: ReadonlyMap<string, FloatDtype>;
}

const METADATA_KEY = '__metadata__';

/** The reference loader's limit on the JSON header (safetensors' MAX_HEADER_SIZE, 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/** Serialises tensors (in the map's order, back to back) and metadata. */
export function writeSafetensors(file: SafetensorsFile): Uint8Array {
  const header: Record<string, unknown> = { [METADATA_KEY]: file.metadata };
  let end = 0;
  for (const [name, t] of file.tensors) {
    if (t.data.length !== shapeSize(t.shape)) throw new Error(`Tensor ${name} has ${t.data.length} values, its shape [${t.shape.join(', ')}] needs ${shapeSize(t.shape)}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [end, end + t.data.length * 4] };
    end += t.data.length * 4;
  }
  // The reference writer pads the header with spaces to a multiple of 8 so the data is aligned.
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20); // 0x20: ' '
  headerBytes.set(json);
  const out = new Uint8Array(8 + headerBytes.length + end);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let offset = 8 + headerBytes.length;
  for (const t of file.tensors.values()) {
    writeFloat32Le(t.data, out, offset);
    offset += t.data.length * 4;
  }
  return out;
}

function bad(message: string): Error {
  return new Error(`Invalid safetensors file: ${message}`);
}

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw bad(`${bytes.length} bytes is shorter than the 8-byte header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) throw bad(`the header length ${headerLength} is over the ${MAX_HEADER_BYTES}-byte limit of safetensors`);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw bad(`truncated: the header length says ${headerLength} bytes, but only ${bytes.length - 8} follow`);
  }
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    throw bad(`the header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(header)) throw bad('the header is not a JSON object');
  return { header, dataStart };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isJsonObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw bad(`${METADATA_KEY} must map strings to strings`);
  }
  return value as Record<string, string>;
}

/**
 * Reads a safetensors file, refusing with a clear message a truncated file, a header that is
 * not JSON, a dtype not in `accept` (F32 alone unless the caller converts), a shape that does not match its byte span, and tensors
 * that overlap or run past the end of the data.
 */
export function readSafetensors(bytes: Uint8Array, accept: readonly FloatDtype[] = ['F32']): ReadSafetensorsFile {
  const { header, dataStart } = readHeader(bytes);
  const dataLength = bytes.length - dataStart;
  const spans: { name: string; dtype: FloatDtype; begin: number; end: number; shape: number[] }[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = accept.find((d) => d === e.dtype);
    if (!dtype) {
      throw bad(`tensor ${name} has dtype ${JSON.stringify(e.dtype)}; LSTM Lens reads ${accept.join(', ')} only (save with tensor.float())`);
    }
    if (!Array.isArray(e.shape) || !e.shape.every((n) => Number.isInteger(n) && n >= 0)) {
      throw bad(`tensor ${name} has shape ${JSON.stringify(e.shape)}, not a list of sizes`);
    }
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((n) => Number.isInteger(n) && n >= 0) || offsets[0] > offsets[1]) {
      throw bad(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}, not [begin, end] with begin ≤ end`);
    }
    const [begin, end] = offsets as number[];
    const size = DTYPE_BYTES[dtype] * shapeSize(e.shape);
    if (end - begin !== size) {
      throw bad(`tensor ${name} spans ${end - begin} bytes, but ${dtype} of shape [${e.shape.join(', ')}] needs ${size}`);
    }
    if (end > dataLength) throw bad(`truncated: tensor ${name} ends at data byte ${end}, but the data has ${dataLength} bytes`);
    spans.push({ name, dtype, begin, end, shape: e.shape });
  }
  const byOffset = [...spans].sort((a, b) => a.begin - b.begin);
  byOffset.forEach((s, i) => {
    const next = byOffset[i + 1];
    if (next && s.end > next.begin) throw bad(`tensors ${s.name} and ${next.name} overlap`);
  });
  const tensors = new Map<string, Tensor>(
    spans.map((s) => [s.name, { shape: s.shape, data: readFloatsLe(s.dtype, bytes, dataStart + s.begin, (s.end - s.begin) / DTYPE_BYTES[s.dtype]) }]),
  );
  return { tensors, metadata: readMetadata(header[METADATA_KEY]), dtypes: new Map(spans.map((s) => [s.name, s.dtype])) };
}
