/** Reading the model a command works on, with file problems reported as usage errors. */
import type { Checkpoint } from '../core/io/checkpoint';
import { readCheckpointDir } from '../core/io/checkpointFiles';
import { encode } from '../core/text/tokenizer';
import { Vocab } from '../core/text/vocab';
import { UsageError } from './usageError';

/** The checkpoint in `dir` and its vocabulary. */
export async function loadModelDir(dir: string): Promise<{ checkpoint: Checkpoint; vocab: Vocab }> {
  try {
    const checkpoint = await readCheckpointDir(dir);
    return { checkpoint, vocab: new Vocab(checkpoint.vocab) };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `text` as the model's token ids; refuses text that leaves no tokens (d2l keeps letters only). */
export function encodeForModel(flag: string, text: string, checkpoint: Checkpoint, vocab: Vocab): number[] {
  const ids = Array.from(encode(text, checkpoint.tokenizer, vocab));
  if (ids.length === 0) throw new UsageError(`--${flag} has no tokens for this model's ${checkpoint.tokenizer.kind} tokenizer`);
  return ids;
}
