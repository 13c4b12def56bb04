/**
 * A model as a `safetensors` file PyTorch loads straight into d2l's concise `RNNModel`
 * (`model.load_state_dict(safetensors.torch.load_file(path))`), with the text side in the
 * header's `__metadata__`: `vocab` (JSON array of tokens in index order, `<unk>` first),
 * `tokenizer` (JSON, see `Tokenizer`), `cell`, `hiddenSize`, `numLayers`.
 */
import { D2L_TOKENIZER, parseTokenizer } from '../text/tokenizer';
import type { FloatDtype } from './floatDtypes';
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

/** An imported model and what the import changed or guessed, in words, for the user to see. */
export interface TorchImport {
  readonly model: SavedModel;
  readonly notes: readonly string[];
}

/** The dtypes read besides F32: half precision widens exactly, double rounds. */
const CONVERSIONS: Readonly<Record<Exclude<FloatDtype, 'F32'>, string>> = {
  F16: 'widened to float32 exactly',
  BF16: 'widened to float32 exactly',
  F64: 'rounded to float32 (about 7 significant digits)',
};

/** A note per dtype other than F32 that the file's tensors are stored in. */
function conversionNotes(dtypes: ReadonlyMap<string, FloatDtype>): string[] {
  return (Object.keys(CONVERSIONS) as (keyof typeof CONVERSIONS)[]).flatMap((dtype) => {
    const count = [...dtypes.values()].filter((d) => d === dtype).length;
    return count === 0 ? [] : [`${count} of the ${dtypes.size} tensors are stored as ${dtype}: ${CONVERSIONS[dtype]}`];
  });
}

/**
 * nn.RNN's nonlinearity is a constructor argument, not a tensor: a bare state dict of
 * nn.RNN(nonlinearity='relu') is indistinguishable from tanh and is read as tanh, nn.RNN's
 * default. A file that says otherwise in `__metadata__` "nonlinearity" is refused rather than run
 * with the wrong equation: d2l's cell is H = tanh(X W_xh + H W_hh + b_h).
 */
function checkNonlinearity(stated: string | undefined): void {
  if (stated !== undefined && stated !== 'tanh') {
    throw new Error(`__metadata__ says nonlinearity "${stated}": LSTM Lens's RNN is d2l's H = tanh(X W_xh + H W_hh + b_h), so an nn.RNN(nonlinearity='${stated}') cannot be loaded`);
  }
}

/**
 * Reads a safetensors state dict of nn.LSTM or nn.RNN (under any of the usual names, F32, F16,
 * BF16 or F64) with the vocabulary in its metadata. Without a `tokenizer` entry the model is
 * taken to use d2l's. Metadata sizes that disagree with the tensors' shapes are refused.
 */
export function readTorchSafetensors(bytes: Uint8Array, limits: ModelLimits = {}): TorchImport {
  const { tensors, metadata, dtypes } = readSafetensors(bytes, ['F32', 'F16', 'BF16', 'F64']);
  checkNonlinearity(metadata.nonlinearity);
  const { config, params, notes } = fromTorchStateDict(tensors);
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
  return { model, notes: [...conversionNotes(dtypes), ...notes] };
}

/** {@link readTorchSafetensors}'s model alone. */
export function importTorchSafetensors(bytes: Uint8Array, limits: ModelLimits = {}): SavedModel {
  return readTorchSafetensors(bytes, limits).model;
}
