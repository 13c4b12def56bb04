/**
 * Hostile safetensors files: each is refused by the loader's own message ("Invalid safetensors
 * file: …"), and thousands of seeded random mutations of a valid file never throw anything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors } from '../../src/core/io/safetensors';
import { readTorchSafetensorsFile } from '../../src/core/io/torchSafetensorsFile';
import { Rng } from '../../src/core/util/rng';

const valid = writeSafetensors({
  tensors: new Map([
    ['a', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
    ['b', { shape: [4], data: Float32Array.from([7, 8, 9, 10]) }],
  ]),
  metadata: { format: 'test' },
});

/** A file of `header` (as given, not re-serialised) and `data`. */
function fileOf(header: string, data = new Uint8Array(40), length = BigInt(Buffer.byteLength(header))): Uint8Array {
  const json = Buffer.from(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const CLEAN = /^Invalid safetensors file: /;

test('hostile headers are each refused by the loader, naming what is wrong', () => {
  const t = (entries: Record<string, unknown>) => JSON.stringify(entries);
  const cases: [Uint8Array, RegExp][] = [
    [fileOf('{}', new Uint8Array(0), 1000n), /header length says 1000 bytes, but only 2 follow/],
    [fileOf('{}', new Uint8Array(0), 2n ** 63n), /header length 9223372036854775808 is over the 100000000-byte limit/],
    [fileOf('{}', new Uint8Array(0), 100_000_001n), /over the 100000000-byte limit/],
    [fileOf('{"a": '), /the header is not UTF-8 JSON/],
    [fileOf('[1, 2]'), /the header is not a JSON object/],
    [fileOf(t({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } })), /tensor a has dtype "F16"; LSTM Lens reads F32 only/],
    [fileOf(t({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } })), /tensor a spans 8 bytes, but F32 of shape \[3\] needs 12/],
    [fileOf(t({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } })), /tensor a has shape \[-1\], not a list of sizes/],
    [fileOf(t({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } })), /not \[begin, end\] with begin ≤ end/],
    [fileOf(t({ a: { dtype: 'F32', shape: [20], data_offsets: [0, 80] } })), /tensor a ends at data byte 80, but the data has 40 bytes/],
    [fileOf(t({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } })), /tensors a and b overlap/],
    [fileOf(t({ a: { dtype: 'F32', shape: [1e10, 1e10], data_offsets: [0, 4] } })), /spans 4 bytes, but F32 of shape/],
    [fileOf(t({ __metadata__: { k: 1 } })), /__metadata__ must map strings to strings/],
  ];
  for (const [bytes, expected] of cases) {
    assert.throws(() => readSafetensors(bytes), (e: Error) => CLEAN.test(e.message) && expected.test(e.message), String(expected));
  }
});

test('a safetensors file that is a link to /dev/zero or a directory is refused by name, not read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lstm-lens-st-'));
  try {
    const link = join(dir, 'zero.safetensors');
    await symlink('/dev/zero', link);
    await assert.rejects(readTorchSafetensorsFile(link), /zero\.safetensors is a device, not a regular file/);
    await assert.rejects(readTorchSafetensorsFile(dir), /is a directory, not a regular file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** One random change: a flipped byte, a changed header length, a cut, or a header character replaced. */
function mutate(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  if (out.length < 9) return out.subarray(0, rng.int(0, out.length));
  const headerEnd = Math.min(out.length, 8 + Number(new DataView(out.buffer).getBigUint64(0, true)));
  switch (headerEnd > 8 ? rng.int(0, 3) : rng.int(0, 2)) {
    case 0:
      out[rng.int(0, out.length - 1)] ^= 1 << rng.int(0, 7);
      return out;
    case 1:
      new DataView(out.buffer).setUint32(rng.int(0, 1) * 4, rng.int(0, 2 ** 31), true);
      return out;
    case 2:
      return out.subarray(0, rng.int(0, out.length - 1));
    default:
      out[rng.int(8, headerEnd - 1)] = '{}[]",:0123456789-e.'.charCodeAt(rng.int(0, 19));
      return out;
  }
}

test('3,000 random mutations of a valid file load or are refused cleanly, nothing else', () => {
  const rng = new Rng(4);
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    let bytes = valid;
    for (let k = rng.int(1, 3); k > 0; k--) bytes = mutate(bytes, rng);
    try {
      readSafetensors(bytes);
    } catch (e) {
      assert.ok(e instanceof Error && CLEAN.test(e.message), `mutation ${i} threw ${String(e)}`);
      refused++;
    }
  }
  assert.ok(refused > 1000, `most mutations are refused (${refused})`);
});
