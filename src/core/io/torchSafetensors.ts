/**
 * A model as a `safetensors` file PyTorch loads straight into d2l's concise `RNNModel`
 * (`model.load_state_dict(safetensors.torch.load_file(path))`), with the text side in the
 * header's `__metadata__`: `vocab` (JSON array of tokens in index order, `<unk>` first),
 * `tokenizer` (JSON, see `Tokenizer`), `cell`, `hiddenSize`, `numLayers`.
 */
import { D2L_TOKENIZER, parseTokenizer } from '../text/tokenizer';
import { checkModelSizes, type ModelLimits } from './modelLimits';
import { checkSavedModel, SavedModel } from './savedModel';
import { readSafetensors, writeSafetensors } from './safetensors';
import { fromTorchStateDict, toTorchStateDict } from './torchLayout';

/** A model (LSTM or RNN) as safetensors bytes. */
export function exportTorchSafetensors(model: SavedModel): Uint8Array {
  checkSavedModel(model);
  return writeSafetensors({
    tensors: toTorchStateDict(model.config, model.params),
    metadata: {
      format: 'lstm-lens',
      cell: model.config.cell,
      vocab: JSON.stringify(model.vocab),
      tokenizer: JSON.stringify(model.tokenizer),
      hiddenSize: String(model.config.hiddenSize),
      numLayers: String(model.config.numLayers),
    },
  });
}

/** The JSON value stored as a string under `key`, or undefined when the key is absent. */
function metadataJson(metadata: Readonly<Record<string, string>>, key: string): unknown {
  const raw = metadata[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new Error(`__metadata__ "${key}" is not JSON (${(e as Error).message})`);
  }
}

function parseVocab(vocab: unknown): string[] {
  if (vocab === undefined) {
    throw new Error('The safetensors file has no vocabulary: add __metadata__ "vocab", the JSON array of tokens in index order ("<unk>" first)');
  }
  if (!Array.isArray(vocab) || !vocab.every((t) => typeof t === 'string')) throw new Error('__metadata__ "vocab" must be a JSON array of token strings');
  return vocab;
}

/**
 * Reads a safetensors state dict of nn.LSTM or nn.RNN with the vocabulary in its metadata.
 * Without a `tokenizer` entry the model is taken to use d2l's. Metadata sizes that disagree
 * with the tensors' shapes are refused.
 */
export function importTorchSafetensors(bytes: Uint8Array, limits: ModelLimits = {}): SavedModel {
  const { tensors, metadata } = readSafetensors(bytes);
  const { config, params } = fromTorchStateDict(tensors);
  checkModelSizes(config, limits);
  for (const key of ['cell', 'hiddenSize', 'numLayers'] as const) {
    const stated = metadata[key];
    if (stated !== undefined && stated !== String(config[key])) {
      throw new Error(`__metadata__ says ${key} ${stated}, but the tensors hold ${key} ${config[key]}`);
    }
  }
  const model: SavedModel = {
    config,
    params,
    vocab: parseVocab(metadataJson(metadata, 'vocab')),
    tokenizer: metadata.tokenizer === undefined ? D2L_TOKENIZER : parseTokenizer(metadataJson(metadata, 'tokenizer')),
  };
  checkSavedModel(model);
  return model;
}
