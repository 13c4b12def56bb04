/**
 * `lstm-lens train`: d2l's train_ch8 from the command line. One JSON line per epoch on stdout
 * ({epoch, perplexity, tokensPerSecond, backend, and backendDetail where the engine has one: the
 * fused engine's 'relaxed SIMD' or 'SIMD'}), samples on stderr, and a checkpoint in
 * --out after every epoch, so stopping (Ctrl-C) keeps the last finished epoch.
 */
import { access, mkdir, stat } from 'node:fs/promises';
import { constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readBoundedFile } from '../core/io/boundedRead';
import { MANIFEST_FILE } from '../core/io/checkpointFiles';
import { checkCorpusLength } from '../core/data/corpusLength';
import type { Checkpoint } from '../core/io/checkpoint';
import { writeCheckpointDir } from '../core/io/checkpointFiles';
import { initParams } from '../core/model/init';
import type { ParamSet } from '../core/model/paramSpec';
import { Corpus, loadCorpus } from '../core/text/corpus';
import { decode, encode, Tokenizer } from '../core/text/tokenizer';
import type { EpochRecord } from '../core/train/epochRecord';
import { Trainer } from '../core/train/trainer';
import { PresetName, PRESETS, presetModelConfig, presetOptimizer, TrainPreset, validatePreset } from '../core/train/trainPreset';
import { BACKENDS, createEngine } from './engines';
import { availableParallelism } from 'node:os';
import { choiceFlag, intFlag, parseFlags } from './options';
import { sampleCorpusPath } from './packageRoot';
import { UsageError } from './usageError';
import { CELL_KINDS, type CellKind } from '../core/model/config';

/** Bounds of --hidden and --layers: the extension's settings allow the same (lstmLens.model.*). */
const MAX_HIDDEN = 4096;
const MAX_LAYERS = 16;

/** The command line as a shell would read it back, for the model's manifest (how it was made). */
function commandLine(args: readonly string[]): string {
  const quote = (a: string) => (/^[\w./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['lstm-lens', 'train', ...args].map(quote).join(' ');
}

export const TRAIN_USAGE =
  'train --corpus FILE|sample --out DIR [--preset d2l|quick] [--cell lstm|gru|rnn] [--hidden N] [--layers N] [--epochs N] [--backend wasm|cpu|tfjs-wasm|webgpu] [--threads N] [--tokenizer d2l|chars] [--max-vocab N] [--force]';

/** Characters kept by the raw-character tokenizer unless --max-vocab says otherwise. */
const DEFAULT_MAX_VOCAB = 128;

/** The most corpus bytes train reads (50 MB of text took 2.8 GB): the extension's own cap on a run is 50,000,000 characters too. */
const MAX_CORPUS_BYTES = 50_000_000;

async function readCorpusText(corpus: string): Promise<string> {
  const path = corpus === 'sample' ? sampleCorpusPath() : corpus;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new UsageError(`Cannot read the corpus: ${(e as Error).message}`);
  }
  if (size > MAX_CORPUS_BYTES) throw new UsageError(`The corpus ${path} has ${size} bytes, more than the ${MAX_CORPUS_BYTES} train reads: cut it first`);
  try {
    return new TextDecoder().decode(await readBoundedFile(path, { maxBytes: MAX_CORPUS_BYTES, followSymlink: true }));
  } catch (e) {
    throw new UsageError(`Cannot read the corpus: ${(e as Error).message}`);
  }
}

/** Refuses --out before any training: an existing model without --force, or a folder that cannot be written. */
async function checkOut(out: string, force: boolean): Promise<void> {
  if (!force && existsSync(join(out, MANIFEST_FILE))) throw new UsageError(`train: ${out} already holds a model; pass --force to overwrite it`);
  try {
    await mkdir(out, { recursive: true });
    await access(out, constants.W_OK);
  } catch (e) {
    throw new UsageError(`train: cannot write the model to ${out}: ${(e as Error).message}`);
  }
}

/** The corpus as token ids, refused as a usage error when unusable or too short for the preset. */
function prepareCorpus(text: string, tokenizer: Tokenizer, preset: TrainPreset): Corpus {
  try {
    const loaded = loadCorpus(text, tokenizer);
    checkCorpusLength(loaded.corpus.length, preset.batchSize, preset.numSteps);
    return loaded;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The most threads --threads takes (1000 took 8 GB): each holds a copy of a shard's activations. */
const MAX_THREADS = 64;

export async function trainCommand(args: string[]): Promise<void> {
  const flags = parseFlags('train', args, ['corpus', 'out', 'preset', 'cell', 'hidden', 'layers', 'backend', 'threads', 'epochs', 'tokenizer', 'max-vocab'], ['corpus', 'out'], ['force']);
  const presetName = choiceFlag<PresetName>('preset', flags.preset, ['d2l', 'quick'], 'd2l');
  const backend = choiceFlag('backend', flags.backend, BACKENDS, 'wasm');
  // The textbook preprocessing for the textbook's corpus; every character for anything else.
  const kind = choiceFlag('tokenizer', flags.tokenizer, ['d2l', 'chars'] as const, flags.corpus === 'sample' ? 'd2l' : 'chars');
  const tokenizer: Tokenizer = kind === 'd2l' ? { kind } : { kind, maxVocab: intFlag('max-vocab', flags['max-vocab'], DEFAULT_MAX_VOCAB, 2) };
  const base = PRESETS[presetName];
  const preset: TrainPreset = {
    ...base,
    cell: choiceFlag<CellKind>('cell', flags.cell, CELL_KINDS, base.cell),
    hiddenSize: intFlag('hidden', flags.hidden, base.hiddenSize, 1, MAX_HIDDEN),
    numLayers: intFlag('layers', flags.layers, base.numLayers, 1, MAX_LAYERS),
    epochs: intFlag('epochs', flags.epochs, base.epochs, 1),
  };
  validatePreset(preset);

  const threads = intFlag('threads', flags.threads, backend === 'wasm' ? availableParallelism() : 1, 1, MAX_THREADS);
  const { corpus, vocab } = prepareCorpus(await readCorpusText(flags.corpus as string), tokenizer, preset);
  await checkOut(flags.out as string, flags.force === 'true');
  const config = presetModelConfig(preset, vocab.size);
  const optimizer = presetOptimizer(preset);
  // Threads only help the fused engine; by default it uses every core.
  const engine = await createEngine(backend, config, initParams(config, preset.seed), optimizer, threads);
  const save = (params: ParamSet, history: readonly EpochRecord[]): Promise<void> => {
    const checkpoint: Checkpoint = {
      config,
      tokenizer,
      vocab: vocab.idxToToken,
      params,
      training: { preset: presetName, ...preset, backend: engine.name, corpus: flags.corpus, command: commandLine(args) },
      metrics: history,
    };
    return writeCheckpointDir(flags.out as string, checkpoint);
  };

  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const history: EpochRecord[] = [];
  try {
    const trainer = new Trainer(engine, {
      preset,
      corpus,
      vocabSize: vocab.size,
      signal: abort.signal,
      codec: { encode: (t) => Array.from(encode(t, tokenizer, vocab)), decode: (ids) => decode(ids, vocab) },
      callbacks: {
        onEpoch: async (record) => {
          history.push(record);
          process.stdout.write(`${JSON.stringify({ epoch: record.epoch, perplexity: record.perplexity, tokensPerSecond: record.tokensPerSec, backend: engine.name, backendDetail: engine.detail })}\n`);
          await save(await engine.getParams(), history);
        },
        onSample: ({ epoch, text: sample }) => void process.stderr.write(`epoch ${epoch}: ${JSON.stringify(sample)}\n`),
      },
    });
    await trainer.run();
  } finally {
    process.off('SIGINT', onSigint);
    engine.dispose();
  }
}
