import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Checkpoint, decodeCheckpoint, encodeCheckpoint } from '../../src/core/io/checkpoint';
import { crc32 } from '../../src/core/io/crc32';
import { randomSavedModel } from '../fixtures/savedModels';

const checkpoint: Checkpoint = {
  ...randomSavedModel({ cell: 'lstm', vocabSize: 6, hiddenSize: 3, numLayers: 2 }),
  training: { preset: 'quick', lr: 1, clipTheta: 1, partition: 'sequential' },
  metrics: [
    { epoch: 1, perplexity: 5.5, tokensPerSec: 12000, tokens: 24000, seconds: 2 },
    { epoch: 2, perplexity: 4.25, tokensPerSec: 12500, tokens: 25000, seconds: 2 },
  ],
};

/** Re-encodes a manifest after `edit`, keeping the checksum true to `weights` so later checks are reached. */
function withManifest(manifestJson: string, weights: Uint8Array, edit: (m: Record<string, unknown>) => void): string {
  const m = JSON.parse(manifestJson);
  edit(m);
  m.weightsCrc32 = crc32(weights);
  return JSON.stringify(m);
}

test('a checkpoint survives encode and decode exactly, for every cell', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const ckpt = { ...checkpoint, ...randomSavedModel({ cell, vocabSize: 6, hiddenSize: 3, numLayers: 2 }, 7) };
    const { manifestJson, weights } = encodeCheckpoint(ckpt);
    const back = decodeCheckpoint(manifestJson, weights);
    assert.deepEqual(back.config, ckpt.config);
    assert.deepEqual(back.tokenizer, ckpt.tokenizer);
    assert.deepEqual(back.vocab, ckpt.vocab);
    assert.deepEqual(back.training, ckpt.training);
    assert.deepEqual(back.metrics, ckpt.metrics);
    assert.deepEqual(back.params, ckpt.params);
  }
});

test('the manifest is versioned and the weights are little-endian float32 at the listed offsets', () => {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  const m = JSON.parse(manifestJson);
  assert.equal(m.format, 'lstm-lens-checkpoint');
  assert.equal(m.version, 1);
  const entry = m.params.find((p: { name: string }) => p.name === 'l1.W_hf');
  assert.deepEqual(entry.shape, [3, 3]);
  const view = new DataView(weights.buffer, weights.byteOffset);
  assert.equal(view.getFloat32(entry.offset * 4 + 4, true), checkpoint.params.get('l1.W_hf')?.[1]);
  const total = m.params.reduce((n: number, p: { length: number }) => n + p.length, 0);
  assert.equal(weights.byteLength, total * 4);
});

test('another format or version is refused by name', () => {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  const edit = (e: (m: Record<string, unknown>) => void) => withManifest(manifestJson, weights, e);
  assert.throws(() => decodeCheckpoint(edit((m) => (m.format = 'keras')), weights), /Not an LSTM Lens checkpoint: the manifest's format is "keras"/);
  assert.throws(() => decodeCheckpoint(edit((m) => (m.version = 2)), weights), /version 2 is newer than the version this LSTM Lens reads \(1\): update/);
  assert.throws(() => decodeCheckpoint('{"format": "lstm-lens-che', weights), /corrupt checkpoint: the manifest is not JSON/);
});

test('weights of the wrong size, from another save, or not finite are refused with what is wrong', () => {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  assert.throws(() => decodeCheckpoint(manifestJson, weights.subarray(0, 100)), new RegExp(`corrupt checkpoint: weights file has 100 bytes, manifest expects ${weights.byteLength}`));
  const flipped = weights.slice();
  flipped[17] ^= 1;
  assert.throws(() => decodeCheckpoint(manifestJson, flipped), /corrupt checkpoint: the weights do not match the manifest's checksum/);
  const nan = weights.slice();
  new DataView(nan.buffer).setFloat32(8, NaN, true);
  assert.throws(() => decodeCheckpoint(withManifest(manifestJson, nan, () => undefined), nan), /corrupt checkpoint: Parameter l0\.W_xi holds NaN at index 2/);
  const broken = new Map(checkpoint.params);
  broken.set('b_q', new Float32Array([0, 1, Infinity, 0, 0, 0]));
  assert.throws(() => encodeCheckpoint({ ...checkpoint, params: broken }), /Parameter b_q holds Infinity at index 2/);
});

test('a layout that does not fit the config is refused naming the parameter', () => {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  type Entry = { name: string; shape: number[]; offset: number };
  const editParams = (e: (ps: Entry[]) => void) => withManifest(manifestJson, weights, (m) => e(m.params as Entry[]));
  assert.throws(() => decodeCheckpoint(editParams((ps) => (ps[1].shape = [3, 6])), weights), /corrupt checkpoint: parameter l0\.W_hi has shape \[3,6\], the config needs \[3, 3\]/);
  assert.throws(() => decodeCheckpoint(editParams((ps) => ps.splice(2, 1)), weights), /corrupt checkpoint: the manifest lists no parameter l0\.b_i/);
  assert.throws(() => decodeCheckpoint(editParams((ps) => (ps[0].name = 'l0.W_xz')), weights), /parameters a lstm model does not have: l0\.W_xz/);
  assert.throws(() => decodeCheckpoint(editParams((ps) => (ps[1].offset = 0)), weights), /corrupt checkpoint: parameters l0\.W_xi and l0\.W_hi overlap/);
  const vocab = withManifest(manifestJson, weights, (m) => (m.vocab = (m.vocab as string[]).slice(0, 5)));
  assert.throws(() => decodeCheckpoint(vocab, weights), /corrupt checkpoint: The vocabulary has 5 tokens but the model's vocabSize is 6/);
  const config = withManifest(manifestJson, weights, (m) => (m.config = { cell: 'lstm', vocabSize: 6, hiddenSize: 0, numLayers: 2 }));
  assert.throws(() => decodeCheckpoint(config, weights), /corrupt checkpoint: Model config hiddenSize must be a positive integer, got 0/);
});
