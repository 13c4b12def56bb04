/**
 * `lstm-lens trace`: every gate of every layer at every token of a text, with each token's
 * surprisal and the top-k next tokens, streamed as JSON lines on stdout: first
 * `{"config": …}`, then one `{token, surprisal, topK, layers}` per step, each written as it is
 * computed (a 130,000-character text held its whole trace, 2.4 GB, before it printed a byte).
 */
import { once } from 'node:events';
import { traceSteps } from '../core/infer/gateTrace';
import { Stepper } from '../core/infer/stepper';
import { encodeForModel, loadModelDir } from './modelDir';
import { intFlag, parseFlags } from './options';

export const TRACE_USAGE = 'trace --model DIR --text TEXT [--top-k K]';

/** Writes a line, waiting for stdout to drain when its buffer is full, so memory stays bounded. */
async function writeLine(value: unknown): Promise<void> {
  if (!process.stdout.write(`${JSON.stringify(value)}\n`)) await once(process.stdout, 'drain');
}

export async function traceCommand(args: string[]): Promise<void> {
  const flags = parseFlags('trace', args, ['model', 'text', 'top-k'], ['model', 'text']);
  const topK = intFlag('top-k', flags['top-k'], 5, 1);
  const { checkpoint, vocab } = await loadModelDir(flags.model as string);
  const tokens = encodeForModel('text', flags.text as string, checkpoint, vocab);
  const stepper = new Stepper(checkpoint.params, checkpoint.config);
  await writeLine({ config: checkpoint.config });
  for (const s of traceSteps(stepper, tokens, stepper.zeroState(), topK)) {
    await writeLine({
      token: vocab.tokenAt(s.token),
      surprisal: s.surprisal,
      topK: s.topK.map((c) => ({ token: vocab.tokenAt(c.token), prob: c.prob })),
      // Float32Array would serialise as {"0": ...}: gates become plain arrays.
      layers: s.layers.map((gates) => Object.fromEntries(Object.entries(gates).map(([g, v]) => [g, Array.from(v)]))),
    });
  }
}
