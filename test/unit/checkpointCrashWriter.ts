/**
 * The child of checkpointCrash.test.ts: saves checkpoint after checkpoint into one folder with
 * the real `writeCheckpointDir`, each with its own weights, and prints each one's number once
 * it is saved, until it is killed. Usage: node checkpointCrashWriter.js DIR FIRST_SEQ
 */
import { writeCheckpointDir } from '../../src/core/io/checkpointFiles';
import { crashCheckpoint } from './checkpointCrashModel';

async function main(): Promise<void> {
  const [dir, first] = process.argv.slice(2);
  process.stdout.write('ready\n');
  for (let seq = Number(first); ; seq++) {
    await writeCheckpointDir(dir, crashCheckpoint(seq));
    process.stdout.write(`saved ${seq}\n`); // a pipe on Linux: written before the next save starts
  }
}

void main();
