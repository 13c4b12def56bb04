/**
 * A checkpoint on disk: a directory holding `manifest.json` and `weights.bin`, each written to
 * a temporary file, flushed and renamed into place, so a crash never leaves half a file.
 * Node only (the worker uses the pure `checkpoint.ts`).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, decodeCheckpoint, encodeCheckpoint } from './checkpoint';

export const MANIFEST_FILE = 'manifest.json';
export const WEIGHTS_FILE = 'weights.bin';

async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync(); // the data must be on disk before the rename makes it visible
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Flushes the directory entry of the renames; Windows cannot open a directory for this, and needs not. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `checkpoint` into `dir` (created if needed). The weights go first and the manifest
 * last: a crash in between leaves the old manifest, whose checksum then refuses the new weights.
 */
export async function writeCheckpointDir(dir: string, checkpoint: Checkpoint): Promise<void> {
  const { manifestJson, weights } = encodeCheckpoint(checkpoint);
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
  await writeFileAtomic(join(dir, MANIFEST_FILE), manifestJson);
  await syncDirectory(dir);
}

/** Reads the checkpoint in `dir`; errors name the directory and what is wrong. */
export async function readCheckpointDir(dir: string): Promise<Checkpoint> {
  try {
    // One after the other, manifest first: a directory with neither file is named by its
    // manifest every time (two reads in parallel fail in whichever order the disk answers).
    const manifestJson = await fs.readFile(join(dir, MANIFEST_FILE), 'utf8');
    const weights = await fs.readFile(join(dir, WEIGHTS_FILE));
    return decodeCheckpoint(manifestJson, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? `${err.path ?? 'a file'} is missing` : err.message;
    throw new Error(`Cannot load the checkpoint in ${dir}: ${reason}`);
  }
}
