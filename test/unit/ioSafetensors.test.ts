import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSafetensors, SafetensorsFile, writeSafetensors } from '../../src/core/io/safetensors';

const file: SafetensorsFile = {
  tensors: new Map([
    ['a.weight', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0.25, 1e-7, -0]) }],
    ['a.bias', { shape: [3], data: Float32Array.from([7, 8, 9]) }],
    ['empty', { shape: [0, 4], data: new Float32Array(0) }],
  ]),
  metadata: { vocab: '["<unk>","a"]', note: 'ünïcödé' },
};

/** A file with a hand-written header, to reach the reader's checks. */
function withHeader(header: unknown, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

test('tensors and metadata survive write and read', () => {
  const back = readSafetensors(writeSafetensors(file));
  assert.deepEqual(back.metadata, file.metadata);
  assert.deepEqual([...back.tensors.keys()], [...file.tensors.keys()]);
  for (const [name, t] of file.tensors) {
    assert.deepEqual(back.tensors.get(name)?.shape, t.shape);
    assert.deepEqual(back.tensors.get(name)?.data, t.data);
  }
});

test('the layout is the reference one: u64 LE header length, padded JSON header, LE float32 data', () => {
  const bytes = writeSafetensors(file);
  const view = new DataView(bytes.buffer);
  const n = Number(view.getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header['a.weight'], { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
  assert.deepEqual(header['a.bias'].data_offsets, [24, 36]);
  assert.equal(header.__metadata__.note, 'ünïcödé');
  assert.equal(view.getFloat32(8 + n + 24 + 4, true), 8);
  assert.equal(bytes.length, 8 + n + 36);
});

test('a truncated or mangled file is refused with what is wrong', () => {
  const bytes = writeSafetensors(file);
  assert.throws(() => readSafetensors(bytes.subarray(0, 5)), /Invalid safetensors file: 5 bytes is shorter than the 8-byte header length/);
  assert.throws(() => readSafetensors(bytes.subarray(0, 40)), /truncated: the header length says \d+ bytes, but only 32 follow/);
  assert.throws(() => readSafetensors(bytes.subarray(0, bytes.length - 4)), /truncated: tensor a\.bias ends at data byte 36, but the data has 32 bytes/);
  const notJson = withHeader({}, 0);
  notJson[8] = 0x7b + 1;
  assert.throws(() => readSafetensors(notJson), /the header is not UTF-8 JSON/);
  assert.throws(() => readSafetensors(withHeader([1], 0)), /the header is not a JSON object/);
});

test('other dtypes, inconsistent shapes, overlaps and non-string metadata are refused by name', () => {
  const entry = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  assert.throws(() => readSafetensors(withHeader({ w: { ...entry, dtype: 'BF16' } }, 8)), /tensor w has dtype "BF16"; LSTM Lens reads F32 only/);
  assert.throws(() => readSafetensors(withHeader({ w: { ...entry, shape: [3] } }, 8)), /tensor w spans 8 bytes, but F32 of shape \[3\] needs 12/);
  assert.throws(() => readSafetensors(withHeader({ w: { ...entry, shape: [-1] } }, 8)), /tensor w has shape \[-1\], not a list of sizes/);
  assert.throws(() => readSafetensors(withHeader({ w: { ...entry, data_offsets: [8, 0] } }, 8)), /tensor w has data_offsets \[8,0\]/);
  assert.throws(() => readSafetensors(withHeader({ w: entry, v: { ...entry, data_offsets: [4, 12] } }, 12)), /tensors w and v overlap/);
  assert.throws(() => readSafetensors(withHeader({ __metadata__: { n: 1 } }, 0)), /__metadata__ must map strings to strings/);
  assert.throws(() => writeSafetensors({ tensors: new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]]), metadata: {} }), /Tensor w has 3 values, its shape \[2, 2\] needs 4/);
});
