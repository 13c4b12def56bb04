/**
 * The nn.LSTM / nn.RNN options whose tensors LSTM Lens's cells have no place for, recognised by
 * their names so the refusal says which option it is.
 */
import type { Tensor } from './safetensors';

const UNSUPPORTED: readonly { readonly tensor: RegExp; readonly option: string }[] = [
  {
    tensor: /_reverse$/,
    option: 'bidirectional=True: the _reverse tensors are its backward direction, which reads each sequence from its end and so cannot predict the next character',
  },
  {
    tensor: /(^|\.)weight_hr_l\d+$/,
    option: 'proj_size > 0: weight_hr_l* projects the hidden state before it is fed back, which no cell here does',
  },
];

/** Throws, naming the tensors and the option, when the state dict uses one of them. */
export function refuseUnsupportedTorchOptions(tensors: ReadonlyMap<string, Tensor>): void {
  const found = UNSUPPORTED.map(({ tensor, option }) => ({ option, names: [...tensors.keys()].filter((k) => tensor.test(k)) })).filter((u) => u.names.length > 0);
  if (found.length === 0) return;
  throw new Error(
    `Unexpected tensors ${found.flatMap((u) => u.names).join(', ')}: LSTM Lens reads unidirectional nn.LSTM/nn.RNN without projections, and these are from ${found.map((u) => u.option).join('; ')}`,
  );
}
