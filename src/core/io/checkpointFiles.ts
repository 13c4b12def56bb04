/**
 * A checkpoint on disk: a directory holding `manifest.json` and the weights file it names.
 * Each save writes a weights file of its own name, flushes it, and then renames a new manifest
 * over the old one: that rename is the one step that switches from the old checkpoint to the
 * new, so a crash at any moment leaves one or the other, whole. The old weights are deleted
 * only after the new manifest is in place. Folders from before (a manifest naming no weights
 * file) hold `weights.bin`, and still load. Node only (the worker uses the pure `checkpoint.ts`).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBoundedFile } from './boundedRead';
import {
  Checkpoint,
  decodePlannedCheckpoint,
  encodeCheckpoint,
  isWeightsFileName,
  LEGACY_WEIGHTS_FILE,
  planCheckpoint,
} from './checkpoint';
import { syncDirectory, uniqueSuffix, writeFileAtomic, writeNewFileDurably } from './durableFiles';
import type { ModelLimits } from './modelLimits';

export const MANIFEST_FILE = 'manifest.json';
/** The weights file of folders saved before each save named its own. */
export const WEIGHTS_FILE = LEGACY_WEIGHTS_FILE;
/** A manifest is a few kilobytes plus its metrics; past this it is not one. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Weights files that saves in this process have written and whose manifest is not yet in place. */
const inFlight = new Set<string>();

/**
 * The tail of each folder's queue of commits (manifest rename, then clean-up) in this process:
 * saves write their weights in parallel but commit one at a time, so a clean-up always knows
 * which weights the manifest names (its own) and never deletes those another save just named.
 */
const commits = new Map<string, Promise<void>>();

function queueCommit(dir: string, commit: () => Promise<void>): Promise<void> {
  const key = resolve(dir);
  const run = (commits.get(key) ?? Promise.resolve()).then(commit);
  const tail = run.catch(() => undefined);
  commits.set(key, tail);
  void tail.then(() => {
    if (commits.get(key) === tail) commits.delete(key);
  });
  return run;
}

/** `manifest.json.<pid>-….tmp`: a manifest on its way, from this process or one that died writing it. */
const MANIFEST_TEMP = /^manifest\.json\.(\d+)-[0-9a-z-]+\.tmp$/;

/**
 * Writes `checkpoint` into `dir` (created if needed): new weights under a new name, then the
 * manifest naming them renamed into place, then the directory flushed, then old files removed.
 */
export async function writeCheckpointDir(dir: string, checkpoint: Checkpoint): Promise<void> {
  const weightsFile = `weights-${uniqueSuffix()}.bin`;
  const { manifestJson, weights } = encodeCheckpoint(checkpoint, weightsFile);
  await fs.mkdir(dir, { recursive: true });
  const weightsPath = join(dir, weightsFile);
  inFlight.add(weightsPath);
  let named = false;
  try {
    await writeNewFileDurably(weightsPath, weights);
    await queueCommit(dir, async () => {
      await writeFileAtomic(join(dir, MANIFEST_FILE), manifestJson);
      named = true;
      inFlight.delete(weightsPath);
      await syncDirectory(dir);
      await removeStaleFiles(dir, weightsFile);
    });
  } catch (e) {
    if (!named) await fs.rm(weightsPath, { force: true }); // no manifest names it
    throw e;
  } finally {
    inFlight.delete(weightsPath);
  }
}

/**
 * Deletes weights files no manifest names (the previous save's, and those of saves that
 * crashed) and manifest temporaries of processes that died, keeping `current` (what the
 * manifest now names) and what saves still running in this process are writing.
 */
async function removeStaleFiles(dir: string, current: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const path = join(dir, name);
    const temp = MANIFEST_TEMP.exec(name);
    const stale = temp ? Number(temp[1]) !== process.pid : isWeightsFileName(name) && name !== current && !inFlight.has(path);
    if (stale) await fs.rm(path, { force: true });
  }
}

/**
 * Reads the checkpoint in `dir`; errors name the directory, the file and what is wrong. Both
 * files are checked to be regular files of a sane size before they are read: the manifest
 * at most {@link MAX_MANIFEST_BYTES}, the weights exactly as long as the manifest's layout.
 */
export async function readCheckpointDir(dir: string, limits: ModelLimits = {}): Promise<Checkpoint> {
  try {
    // One after the other, manifest first: a directory with neither file is named by its
    // manifest every time, and only a valid manifest says how long the weights are.
    const manifestJson = await readBoundedFile(join(dir, MANIFEST_FILE), { maxBytes: MAX_MANIFEST_BYTES, label: MANIFEST_FILE });
    const plan = planCheckpoint(manifestJson.toString('utf8'), limits);
    const label = `weights file ${plan.weightsFile}`;
    const weights = await readBoundedFile(join(dir, plan.weightsFile), { maxBytes: plan.weightsBytes, exactBytes: plan.weightsBytes, label });
    return decodePlannedCheckpoint(plan, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? `${err.path ?? 'a file'} is missing` : err.message;
    throw new Error(`Cannot load the checkpoint in ${dir}: ${reason}`);
  }
}
