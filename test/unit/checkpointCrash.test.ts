/**
 * A crash never loses a model: a process saving checkpoints into one folder is killed (SIGKILL,
 * no clean-up runs) at random moments, and after each kill the folder holds the last checkpoint
 * saved or the one that was being saved, whole, never a mix and never a checksum failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE, readCheckpointDir, writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { Rng } from '../../src/core/util/rng';
import { crashCheckpoint } from './checkpointCrashModel';

const writer = join(__dirname, 'checkpointCrashWriter.js');
const KILLS = 40;

/** Starts the writer, kills it `delayMs` after it is ready, and returns the numbers it printed as saved. */
function runAndKill(dir: string, firstSeq: number, delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, writer, dir, String(firstSeq)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`the writer ended by itself (code ${code}): ${err}`));
      resolve([...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1])));
    });
  });
}

/** The seq of the checkpoint in `dir`, undefined when none was ever saved; throws when it does not load. */
async function loadedSeq(dir: string): Promise<number | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.includes(MANIFEST_FILE)) return undefined;
  const ckpt = await readCheckpointDir(dir);
  const seq = ckpt.training.seq as number;
  assert.deepEqual(ckpt.params, crashCheckpoint(seq).params, `the weights on disk are checkpoint ${seq}'s own`);
  return seq;
}

test(`a writer killed ${KILLS} times at random moments leaves the previous or the new checkpoint, whole`, async () => {
  const root = await mkdtemp(join(tmpdir(), 'lstm-lens-crash-'));
  const dir = join(root, 'model');
  const rng = new Rng(16);
  try {
    let onDisk: number | undefined; // what the folder held after the last kill
    let saves = 0;
    let caughtMidSave = 0;
    for (let run = 0; run < KILLS; run++) {
      const first = run * 100_000;
      const printed = await runAndKill(dir, first, rng.int(5, 400));
      saves += printed.length;
      const last = printed.at(-1);
      // Saved and printed, or saved and killed before the print, or killed mid-save.
      const allowed = last === undefined ? [onDisk, first] : [last, last + 1];
      const seq = await loadedSeq(dir);
      assert.ok(allowed.includes(seq), `after kill ${run} the folder holds checkpoint ${seq}, expected one of ${allowed.join(', ')}`);
      if (seq !== undefined && seq !== last) caughtMidSave++;
      onDisk = seq;
    }
    assert.ok(saves > 0, 'the writers saved checkpoints between the kills');
    // One more save cleans what the killed writers left: temporaries and unnamed weights.
    await writeCheckpointDir(dir, crashCheckpoint(1));
    assert.equal((await readdir(dir)).length, 2, `only the manifest and its weights remain (${caughtMidSave} kills came between a save and its print)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('parallel saves to one folder in one process do not collide: the folder holds one of them, whole', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lstm-lens-parallel-'));
  try {
    const seqs = [1, 2, 3, 4, 5, 6, 7, 8];
    await Promise.all(seqs.map((seq) => writeCheckpointDir(root, crashCheckpoint(seq))));
    const seq = await loadedSeq(root);
    assert.ok(seq !== undefined && seqs.includes(seq), `the folder holds checkpoint ${seq}`);
    assert.ok((await readdir(root)).every((n) => !n.endsWith('.tmp')), 'no temporary file is left');
    await writeCheckpointDir(root, crashCheckpoint(9));
    assert.equal((await readdir(root)).length, 2, 'the next save removes the weights of the saves that lost the race');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
