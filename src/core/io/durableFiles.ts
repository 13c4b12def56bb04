/**
 * Writes that survive a crash: data reaches the disk (fsync) before a name makes it visible,
 * and a rename replaces a file whole. Node only.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/**
 * A suffix no other write in this process or another one picks: the pid alone is shared by
 * parallel saves in one process, which would then write into one temporary file.
 */
export function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Writes `data` to `path`, which must not exist yet, and flushes it to disk. */
export async function writeNewFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync(); // the data must be on disk before anything names this file
  } finally {
    await handle.close();
  }
}

/** Replaces `path` with `data` in one step: a reader sees the old file or the new, never a mix. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${uniqueSuffix()}.tmp`;
  try {
    await writeNewFileDurably(tmp, data);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Flushes the directory entry of the renames; Windows cannot open a directory for this, and needs not. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
