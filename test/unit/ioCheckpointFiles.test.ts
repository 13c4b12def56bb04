import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint } from '../../src/core/io/checkpoint';
import { MANIFEST_FILE, readCheckpointDir, writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { randomSavedModel } from '../fixtures/savedModels';

const config = { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 1 } as const;
const checkpointOf = (seed: number): Checkpoint => ({ ...randomSavedModel(config, seed), training: { seed }, metrics: [] });

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lstm-lens-ckpt-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The weights file the manifest in `dir` names. */
async function weightsFileOf(dir: string): Promise<string> {
  return (JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { weightsFile: string }).weightsFile;
}

test('a checkpoint directory holds manifest.json and the weights file it names, no temporary files, and reads back', async () => {
  await withTempDir(async (root) => {
    const dir = join(root, '.lstm-lens', 'model');
    await writeCheckpointDir(dir, checkpointOf(1));
    await writeCheckpointDir(dir, checkpointOf(2)); // overwriting replaces both files
    const weightsFile = await weightsFileOf(dir);
    assert.match(weightsFile, /^weights-[0-9a-z-]+\.bin$/);
    assert.deepEqual((await readdir(dir)).sort(), [MANIFEST_FILE, weightsFile].sort(), 'the first save\'s weights are gone');
    const back = await readCheckpointDir(dir);
    assert.deepEqual(back.params, checkpointOf(2).params);
    assert.deepEqual(back.training, { seed: 2 });
  });
});

test('weights left from another save (a crash between the renames) are refused, not loaded', async () => {
  await withTempDir(async (root) => {
    await writeCheckpointDir(join(root, 'a'), checkpointOf(1));
    await writeCheckpointDir(join(root, 'b'), checkpointOf(2));
    await copyFile(join(root, 'b', await weightsFileOf(join(root, 'b'))), join(root, 'a', await weightsFileOf(join(root, 'a'))));
    await assert.rejects(readCheckpointDir(join(root, 'a')), /Cannot load the checkpoint in .*a: corrupt checkpoint: the weights do not match the manifest's checksum/);
  });
});

test('a missing or truncated file is named', async () => {
  await withTempDir(async (root) => {
    await assert.rejects(readCheckpointDir(join(root, 'none')), /Cannot load the checkpoint in .*none: .*manifest\.json is missing/);
    await writeCheckpointDir(root, checkpointOf(1));
    await writeFile(join(root, await weightsFileOf(root)), new Uint8Array(12));
    await assert.rejects(readCheckpointDir(root), /weights file weights-[0-9a-z-]+\.bin has 12 bytes, expected exactly 740/); // 4 · (4·(5·4 + 4·4 + 4) + 4·5 + 5)
  });
});
