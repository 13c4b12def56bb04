/**
 * Reads a model file only after checking what it is: a regular file (not a FIFO, a device or a
 * directory, whose reads may never end or never stop growing), not reached through a symbolic
 * link unless the caller allows one, and no larger than the caller expects. The read itself
 * stops at the size checked, so a file that grows meanwhile cannot make it run on. Node only.
 */
import { constants, promises as fs, type Stats } from 'node:fs';

export interface ReadLimit {
  /** Refuse a file larger than this many bytes. */
  readonly maxBytes: number;
  /** Refuse a file of any other length (the weights, whose length the manifest fixes). */
  readonly exactBytes?: number;
  /** Accept `path` itself being a symbolic link, to a regular file (a file the user picked). */
  readonly followSymlink?: boolean;
  /** How the message calls the file, for example "weights file weights-….bin"; the path by default. */
  readonly label?: string;
}

/** The error of a file that is not what a model file must be; the message names the file. */
export class ModelFileError extends Error {}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  if (s.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function checkStats(label: string, s: Stats, limit: ReadLimit): void {
  if (!s.isFile()) throw new ModelFileError(`${label} is ${kindOf(s)}, not a regular file`);
  if (limit.exactBytes !== undefined && s.size !== limit.exactBytes) {
    throw new ModelFileError(`${label} has ${s.size} bytes, expected exactly ${limit.exactBytes}`);
  }
  if (s.size > limit.maxBytes) throw new ModelFileError(`${label} has ${s.size} bytes, more than the ${limit.maxBytes} a model file may have`);
}

/** O_NOFOLLOW closes the gap between the lstat and the open; O_NONBLOCK keeps a FIFO swapped in from blocking the open. */
function openFlags(followSymlink: boolean): number {
  let flags = constants.O_RDONLY;
  if (!followSymlink && constants.O_NOFOLLOW !== undefined) flags |= constants.O_NOFOLLOW;
  if (constants.O_NONBLOCK !== undefined) flags |= constants.O_NONBLOCK;
  return flags;
}

/** The whole of `path`, checked against `limit` first; throws a {@link ModelFileError} naming the file. */
export async function readBoundedFile(path: string, limit: ReadLimit): Promise<Buffer> {
  const label = limit.label ?? path;
  const link = await fs.lstat(path);
  if (link.isSymbolicLink() && !limit.followSymlink) {
    throw new ModelFileError(`${label} is a symbolic link; model files must be regular files inside the model's folder`);
  }
  checkStats(label, link.isSymbolicLink() ? await fs.stat(path) : link, limit);
  const handle = await fs.open(path, openFlags(limit.followSymlink === true));
  try {
    const s = await handle.stat(); // the file opened, which may not be the file checked
    checkStats(label, s, limit);
    const out = Buffer.alloc(s.size);
    let at = 0;
    while (at < s.size) {
      const { bytesRead } = await handle.read(out, at, s.size - at, at);
      if (bytesRead === 0) throw new ModelFileError(`${label} shrank to ${at} bytes while it was read`);
      at += bytesRead;
    }
    return out;
  } finally {
    await handle.close();
  }
}
