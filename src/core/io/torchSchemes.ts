/**
 * Where a PyTorch state dict keeps each part of a character language model, by the names the
 * usual code gives them: the recurrent module (nn.LSTM / nn.GRU / nn.RNN, whose own tensors are
 * `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`), the output head
 * (nn.Linear: `weight` [V, h], `bias` [V]) and, optionally, an input nn.Embedding (`weight`
 * [V, e]). Each scheme lists the prefixes its code uses; a bare nn.LSTM saved beside a head of
 * any name is read by shape.
 */
import type { Tensor } from './safetensors';

/** The prefixes of one state dict's parts, as recognised. */
export interface TorchNames {
  /** The scheme, for messages. */
  readonly scheme: string;
  readonly recurrent: string;
  readonly head: string;
  readonly embedding?: string;
  /** Whether the head (and the embedding) were found by their shapes rather than their names. */
  readonly byShape: boolean;
}

interface TorchScheme {
  readonly name: string;
  readonly recurrent: readonly string[];
  /** Prefixes of the head and the embedding, or 'shape': the matrices whose sizes fit the recurrent module's. */
  readonly parts: { readonly head: readonly string[]; readonly embedding: readonly string[] } | 'shape';
}

/** nn.Embedding's usual names: PyTorch's word_language_model calls it `encoder` (and its head `decoder`). */
const EMBEDDINGS = ['embedding.', 'embeddings.', 'embed.', 'emb.', 'encoder.'];

export const TORCH_SCHEMES: readonly TorchScheme[] = [
  { name: "d2l-zh's RNNModel (rnn.*, linear.*)", recurrent: ['rnn.'], parts: { head: ['linear.'], embedding: [] } },
  { name: "d2l 1.0's RNNLM (rnn.rnn.*, linear.*)", recurrent: ['rnn.rnn.'], parts: { head: ['linear.'], embedding: [] } },
  { name: 'a language model with common names', recurrent: ['lstm.', 'gru.', 'rnn.'], parts: { head: ['fc.', 'linear.', 'decoder.', 'head.'], embedding: EMBEDDINGS } },
  { name: 'a bare nn.LSTM / nn.GRU / nn.RNN with a head found by shape', recurrent: [''], parts: 'shape' },
];

/** The recurrent module's own tensors, after its prefix. */
const RECURRENT_TENSOR = /^(weight|bias)_(ih|hh)_l\d+$/;

/** Whether `key` is one of the tensors the recognised parts hold. */
export function claimedBy(names: TorchNames, key: string): boolean {
  const parts = [`${names.head}weight`, `${names.head}bias`, ...(names.embedding === undefined ? [] : [`${names.embedding}weight`])];
  return parts.includes(key) || (key.startsWith(names.recurrent) && RECURRENT_TENSOR.test(key.slice(names.recurrent.length)));
}

/** A matrix's [rows, cols], or undefined for a missing tensor or one of another rank. */
function matrix(tensors: ReadonlyMap<string, Tensor>, key: string): readonly number[] | undefined {
  const t = tensors.get(key);
  return t?.shape.length === 2 ? t.shape : undefined;
}

/**
 * The heads and embeddings of a bare state dict, by shape: a head is `p.weight` [V, h], an
 * embedding `p.weight` [V, e] with no `p.bias` (nn.Embedding has none), where e is layer 0's
 * input width; without an embedding, V is that width (one-hot inputs).
 */
function byShape(tensors: ReadonlyMap<string, Tensor>, recurrent: string): { head: string; embedding?: string }[] {
  const [ih0, hh0] = [matrix(tensors, `${recurrent}weight_ih_l0`), matrix(tensors, `${recurrent}weight_hh_l0`)];
  if (!ih0 || !hh0) return [];
  const modules = [...tensors.keys()].filter((k) => k.endsWith('weight')).map((k) => k.slice(0, -'weight'.length));
  const rows = (p: string) => (matrix(tensors, `${p}weight`) as readonly number[])[0];
  const heads = modules.filter((p) => matrix(tensors, `${p}weight`)?.[1] === hh0[1]);
  const embeddings = modules.filter((p) => matrix(tensors, `${p}weight`)?.[1] === ih0[1] && !tensors.has(`${p}bias`));
  return heads.flatMap((head) => [
    ...(rows(head) === ih0[1] ? [{ head }] : []),
    ...embeddings.filter((e) => e !== head && rows(e) === rows(head)).map((embedding) => ({ head, embedding })),
  ]);
}

/** Each way `scheme` can read `tensors`: its recurrent module found, with a head. */
function readings(scheme: TorchScheme, tensors: ReadonlyMap<string, Tensor>): TorchNames[] {
  return scheme.recurrent
    .filter((recurrent) => tensors.has(`${recurrent}weight_ih_l0`))
    .flatMap((recurrent): TorchNames[] => {
      if (scheme.parts === 'shape') return byShape(tensors, recurrent).map((parts) => ({ scheme: scheme.name, recurrent, ...parts, byShape: true }));
      const head = scheme.parts.head.find((p) => tensors.has(`${p}weight`));
      if (head === undefined) return [];
      const embedding = scheme.parts.embedding.find((p) => tensors.has(`${p}weight`));
      return [{ scheme: scheme.name, recurrent, head, embedding, byShape: false }];
    });
}

/**
 * Which tensors are the recurrent module, the head and the embedding: the first reading, in
 * the table's order, that accounts for every tensor; else the first reading at all (whose
 * leftover tensors the layout then refuses by name). A bare state dict whose head two shapes
 * fit equally well is refused as ambiguous.
 */
export function recogniseTorchNames(tensors: ReadonlyMap<string, Tensor>): TorchNames {
  const all = TORCH_SCHEMES.flatMap((scheme) => readings(scheme, tensors));
  const whole = all.filter((names) => [...tensors.keys()].every((key) => claimedBy(names, key)));
  const pool = whole.length > 0 ? whole : all;
  const [best] = pool;
  if (!best) {
    throw new Error(
      `Not a state dict of a PyTorch language model LSTM Lens reads: expected an nn.LSTM or nn.RNN (weight_ih_l0, ...; under rnn., rnn.rnn., lstm. or no prefix) ` +
        `and an nn.Linear head (linear., fc., decoder., head., or any [vocabulary, hidden] matrix), found ${[...tensors.keys()].join(', ')}`,
    );
  }
  const rivals = pool.filter((names) => names.scheme === best.scheme && (names.head !== best.head || names.embedding !== best.embedding));
  if (best.byShape && rivals.length > 0) {
    const describe = (n: TorchNames) => `${n.head}weight${n.embedding === undefined ? '' : ` with the embedding ${n.embedding}weight`}`;
    throw new Error(`The head is ambiguous: by their shapes, ${[best, ...rivals].map(describe).join(' or ')} could be it. Save the model under named modules (e.g. rnn., linear.)`);
  }
  return best;
}
