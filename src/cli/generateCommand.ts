/** `lstm-lens generate`: predict_ch8 from a saved model, greedy or with a temperature. */
import { generate, SamplingStrategy } from '../core/infer/sampling';
import { decode } from '../core/text/tokenizer';
import { Rng } from '../core/util/rng';
import { encodeForModel, loadModelDir } from './modelDir';
import { intFlag, numberFlag, parseFlags } from './options';

export const GENERATE_USAGE = 'generate --model DIR --prefix TEXT [--length N] [--temperature T (0: greedy)] [--top-k K] [--seed S]';

export async function generateCommand(args: string[]): Promise<void> {
  const flags = parseFlags('generate', args, ['model', 'prefix', 'length', 'temperature', 'top-k', 'seed'], ['model', 'prefix']);
  const length = intFlag('length', flags.length, 50, 0);
  const temperature = numberFlag('temperature', flags.temperature, 0);
  const topK = flags['top-k'] === undefined ? undefined : intFlag('top-k', flags['top-k'], 0, 1);
  const seed = intFlag('seed', flags.seed, 0, 0);
  const { checkpoint, vocab } = await loadModelDir(flags.model as string);
  const prefix = encodeForModel('prefix', flags.prefix as string, checkpoint, vocab);
  const strategy: SamplingStrategy = temperature === 0 ? { kind: 'greedy' } : { kind: 'sample', temperature, topK, rng: new Rng(seed) };
  const { tokens } = generate(checkpoint.params, checkpoint.config, prefix, length, strategy);
  process.stdout.write(`${decode(tokens, vocab)}\n`);
}
