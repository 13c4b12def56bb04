/**
 * `lstm-lens trace`: every gate of every layer at every token of a text, with each token's
 * surprisal and the top-k next tokens, as one JSON document on stdout.
 */
import { trace } from '../core/infer/gateTrace';
import { encodeForModel, loadModelDir } from './modelDir';
import { intFlag, parseFlags } from './options';

export const TRACE_USAGE = 'trace --model DIR --text TEXT [--top-k K]';

export async function traceCommand(args: string[]): Promise<void> {
  const flags = parseFlags('trace', args, ['model', 'text', 'top-k'], ['model', 'text']);
  const topK = intFlag('top-k', flags['top-k'], 5, 1);
  const { checkpoint, vocab } = await loadModelDir(flags.model as string);
  const tokens = encodeForModel('text', flags.text as string, checkpoint, vocab);
  const result = trace(checkpoint.params, checkpoint.config, tokens, { topK });
  const json = {
    config: checkpoint.config,
    steps: result.steps.map((s) => ({
      token: vocab.tokenAt(s.token),
      surprisal: s.surprisal,
      topK: s.topK.map((c) => ({ token: vocab.tokenAt(c.token), prob: c.prob })),
      // Float32Array would serialise as {"0": ...}: gates become plain arrays.
      layers: s.layers.map((gates) => Object.fromEntries(Object.entries(gates).map(([g, v]) => [g, Array.from(v)]))),
    })),
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
}
