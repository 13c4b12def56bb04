/** `lstm-lens export`: a saved model as safetensors that PyTorch's nn.LSTM / nn.RNN load. */
import { writeFile } from 'node:fs/promises';
import { exportTorchSafetensors } from '../core/io/torchSafetensors';
import { loadModelDir } from './modelDir';
import { choiceFlag, parseFlags } from './options';
import { UsageError } from './usageError';

export const EXPORT_USAGE = 'export --model DIR --format safetensors --out FILE';

export async function exportCommand(args: string[]): Promise<void> {
  const flags = parseFlags('export', args, ['model', 'format', 'out'], ['model', 'out']);
  choiceFlag('format', flags.format, ['safetensors'], 'safetensors');
  const { checkpoint } = await loadModelDir(flags.model as string);
  let bytes: Uint8Array;
  try {
    bytes = exportTorchSafetensors(checkpoint);
  } catch (e) {
    throw new UsageError((e as Error).message); // a GRU: PyTorch's differs from d2l's
  }
  try {
    await writeFile(flags.out as string, bytes);
  } catch (e) {
    throw new UsageError(`Cannot write the export: ${(e as Error).message}`);
  }
}
