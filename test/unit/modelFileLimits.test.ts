/**
 * Model files that would hang a read or exhaust memory are refused by name before they are
 * read or allocated: pipes, devices, links, huge manifests, and manifests claiming huge models.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/core/io/checkpoint';
import { MANIFEST_FILE, readCheckpointDir, writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { crc32 } from '../../src/core/io/crc32';
import { DEFAULT_MAX_PARAMETERS } from '../../src/core/io/modelLimits';
import { randomSavedModel } from '../fixtures/savedModels';

const config = { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 1 } as const;
const checkpoint: Checkpoint = { ...randomSavedModel(config, 3), training: {}, metrics: [] };
const fox = join(__dirname, '../../../test/fixtures/editor/fox');

async function withSavedDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lstm-lens-limits-'));
  try {
    await writeCheckpointDir(dir, checkpoint);
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a folder from before each save named its weights (manifest without weightsFile, weights.bin) still loads', async () => {
  const ckpt = await readCheckpointDir(fox);
  assert.equal(ckpt.config.hiddenSize, 32);
});

test('a manifest that is a FIFO, a link to /dev/zero, or a 2 GB sparse file is refused by name, without reading it', async () => {
  await withSavedDir(async (dir) => {
    const manifest = join(dir, MANIFEST_FILE);
    await rm(manifest);
    execFileSync('mkfifo', [manifest]);
    await assert.rejects(readCheckpointDir(dir), /manifest\.json is a named pipe \(FIFO\), not a regular file/);
    await rm(manifest);
    await symlink('/dev/zero', manifest);
    await assert.rejects(readCheckpointDir(dir), /manifest\.json is a symbolic link/);
    await rm(manifest);
    await writeFile(manifest, '{}');
    await truncate(manifest, 2 ** 31); // sparse: no disk is used
    await assert.rejects(readCheckpointDir(dir), /manifest\.json has 2147483648 bytes, more than the 67108864 a model file may have/);
  });
});

test('weights that are a FIFO, a device link or of another length than the manifest fixes are refused by name', async () => {
  await withSavedDir(async (dir) => {
    const name = (JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { weightsFile: string }).weightsFile;
    const weights = join(dir, name);
    await truncate(weights, 2 ** 31);
    await assert.rejects(readCheckpointDir(dir), new RegExp(`weights file ${name.replace(/\./g, '\\.')} has 2147483648 bytes, expected exactly 740`));
    await rm(weights);
    execFileSync('mkfifo', [weights]);
    await assert.rejects(readCheckpointDir(dir), /is a named pipe \(FIFO\)/);
    await rm(weights);
    await symlink('/dev/zero', weights);
    await assert.rejects(readCheckpointDir(dir), /is a symbolic link/);
  });
});

/** The valid manifest with `edit` applied. */
function crafted(edit: (m: Record<string, unknown>) => void): string {
  const m = JSON.parse(encodeCheckpoint(checkpoint).manifestJson) as Record<string, unknown>;
  edit(m);
  return JSON.stringify(m);
}

test('crafted manifests claiming huge or impossible models are refused before anything is allocated', () => {
  const weights = encodeCheckpoint(checkpoint).weights;
  const cfg = (over: Record<string, unknown>) => crafted((m) => (m.config = { ...(m.config as object), ...over }));
  const cases: [string, RegExp][] = [
    [cfg({ hiddenSize: 1e6 }), /Model config hiddenSize is 1000000, more than the 65536/],
    [cfg({ numLayers: 1e7 }), /Model config numLayers is 10000000, more than the 10000/],
    [cfg({ numLayers: 1e4, hiddenSize: 256 }), /has [\d,]+ parameters, more than the 50,000,000 allowed/],
    [cfg({ vocabSize: 0 }), /Model config vocabSize must be a positive integer, got 0/],
    [cfg({ vocabSize: -3 }), /Model config vocabSize must be a positive integer, got -3/],
    [cfg({ hiddenSize: 2.5 }), /hiddenSize must be a positive integer, got 2.5/],
    [cfg({ numLayers: '2' }), /numLayers must be a positive integer, got "2"/],
    [crafted((m) => (m.vocab = Array.from({ length: 1e6 }, (_, i) => String(i)))), /The vocabulary has 1000000 tokens but the model's vocabSize is 5/],
    [crafted((m) => ((m.vocab as string[])[2] = 'ab')), /vocab\[2\] is "ab", but the chars tokenizer's token there is one character/],
    [crafted((m) => ((m.vocab as unknown[])[3] = 7)), /vocab\[3\] is 7, not a token string/],
    [crafted((m) => ((m.params as { offset: number }[])[1].offset = 0)), /parameters l0\.W_xi and l0\.W_hi overlap/],
    [crafted((m) => ((m.params as { offset: number }[])[1].offset = 1e9)), /runs past the end of the weights/],
    [crafted((m) => ((m.params as { length: number }[])[0].length = 3)), /parameter l0\.W_xi has offset 0 and length 3, expected 20 values/],
    [crafted((m) => (m.params as unknown[]).push((m.params as unknown[])[0])), /lists parameter l0\.W_xi twice/],
    [crafted((m) => (m.weightsFile = '../../etc/passwd')), /weightsFile "\.\.\/\.\.\/etc\/passwd" is not a weights file name/],
  ];
  for (const [json, expected] of cases) assert.throws(() => decodeCheckpoint(json, weights), expected);
  assert.throws(() => decodeCheckpoint(encodeCheckpoint(checkpoint).manifestJson, weights, { maxParameters: 100 }), /has 185 parameters, more than the 100 allowed/);
  assert.equal(DEFAULT_MAX_PARAMETERS, 50_000_000);
});

test('NaN or infinite weights and weights of the wrong length are refused naming the parameter', () => {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  for (const bad of [NaN, Infinity, -Infinity]) {
    const w = weights.slice();
    new DataView(w.buffer).setFloat32(4 * 30, bad, true);
    const json = crafted((x) => (x.weightsCrc32 = crc32(w)));
    assert.throws(() => decodeCheckpoint(json, w), new RegExp(`Parameter l0\\.W_hi holds ${String(bad)} at index 10`));
  }
  assert.throws(() => decodeCheckpoint(manifestJson, weights.subarray(4)), /weights file has 736 bytes, manifest expects 740/);
});

test('a valid 10,000-layer manifest is checked in linear time and loads', () => {
  const deep: Checkpoint = { ...randomSavedModel({ cell: 'rnn', vocabSize: 3, hiddenSize: 1, numLayers: 10_000 }, 1), training: {}, metrics: [] };
  const { manifestJson, weights } = encodeCheckpoint(deep);
  assert.equal(decodeCheckpoint(manifestJson, weights).params.size, 30_002);
});
