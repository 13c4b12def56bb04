/**
 * LSTM Lens's native checkpoint, version 1: a JSON manifest (cell and sizes, tokenizer and
 * vocabulary, training config, metrics history, and where each parameter lies in the weights)
 * beside a blob of little-endian float32 weights. Pure: no file system, so it also runs in the
 * worker; `checkpointFiles.ts` puts it on disk.
 */
import type { ModelConfig } from '../model/config';
import { paramShapes, shapeSize } from '../model/paramSpec';
import { parseTokenizer } from '../text/tokenizer';
import { crc32 } from './crc32';
import { readFloat32Le, writeFloat32Le } from './float32le';
import { isJsonObject } from './jsonObject';
import { checkModelSizes, type ModelLimits } from './modelLimits';
import { checkSavedModel, SavedModel } from './savedModel';
import { checkTokenizerVocab } from './tokenizerVocab';

import type { EpochRecord } from '../train/epochRecord';

export const CHECKPOINT_FORMAT = 'lstm-lens-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** One epoch's line of the training history: the trainer's own record, so a run can resume from it. */
export type EpochMetrics = EpochRecord;

const METRIC_FIELDS = ['epoch', 'perplexity', 'tokensPerSec', 'tokens', 'seconds'] as const;

/** A model together with how it was trained and how training went. */
export interface Checkpoint extends SavedModel {
  /** The trainer's settings (preset, lr, θ, partition, ...), kept as given. */
  readonly training: Readonly<Record<string, unknown>>;
  readonly metrics: readonly EpochMetrics[];
}

/** Where a parameter lies in the weights blob; `offset` and `length` count float32 values. */
export interface ParamEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly length: number;
}

/** The manifest as stored (`manifest.json`). */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly config: ModelConfig;
  readonly tokenizer: SavedModel['tokenizer'];
  readonly vocab: readonly string[];
  readonly training: Checkpoint['training'];
  readonly metrics: readonly EpochMetrics[];
  /** CRC-32 of the weights blob, so a manifest paired with another save's weights is refused. */
  readonly weightsCrc32: number;
  /**
   * The weights file beside the manifest. Each save writes its own, so the manifest's rename
   * switches manifest and weights together; absent in older folders, whose weights are `weights.bin`.
   */
  readonly weightsFile?: string;
  readonly params: readonly ParamEntry[];
}

/** The two halves of a checkpoint, ready to be written as `manifest.json` and its weights file. */
export interface EncodedCheckpoint {
  readonly manifestJson: string;
  readonly weights: Uint8Array;
}

function corrupt(message: string): Error {
  return new Error(`corrupt checkpoint: ${message}`);
}

/** Runs a check written for any caller and words its failure as a corrupt checkpoint. */
function asCorrupt<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw corrupt((e as Error).message);
  }
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * Lays the parameters out in `paramShapes` order, one after another, and writes the blob;
 * `weightsFile` is the name the manifest gives the blob's file (none for a checkpoint kept in memory).
 */
export function encodeCheckpoint(checkpoint: Checkpoint, weightsFile?: string): EncodedCheckpoint {
  checkSavedModel(checkpoint);
  const params: ParamEntry[] = [];
  let offset = 0;
  for (const p of paramShapes(checkpoint.config)) {
    const length = shapeSize(p.shape);
    params.push({ name: p.name, shape: [...p.shape], offset, length });
    offset += length;
  }
  const weights = new Uint8Array(offset * 4);
  for (const p of params) writeFloat32Le(checkpoint.params.get(p.name) as Float32Array, weights, p.offset * 4);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: checkpoint.config,
    tokenizer: checkpoint.tokenizer,
    vocab: checkpoint.vocab,
    training: checkpoint.training,
    metrics: checkpoint.metrics,
    weightsCrc32: crc32(weights),
    ...(weightsFile === undefined ? {} : { weightsFile }),
    params,
  };
  return { manifestJson: JSON.stringify(manifest, null, 2), weights };
}

function parseManifest(manifestJson: string): Record<string, unknown> {
  let m: unknown;
  try {
    m = JSON.parse(manifestJson);
  } catch (e) {
    throw corrupt(`the manifest is not JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(m)) throw corrupt('the manifest is not a JSON object');
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new Error(`Not an LSTM Lens checkpoint: the manifest's format is ${JSON.stringify(m.format)}, expected "${CHECKPOINT_FORMAT}"`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    const newer = typeof m.version === 'number' && m.version > CHECKPOINT_VERSION;
    throw new Error(
      `Checkpoint version ${JSON.stringify(m.version)} is ${newer ? 'newer than' : 'not'} the version this LSTM Lens reads (${CHECKPOINT_VERSION})` +
        (newer ? ': update LSTM Lens to load it' : ''),
    );
  }
  return m;
}

function parseMetrics(value: unknown): EpochMetrics[] {
  if (!Array.isArray(value)) throw corrupt('metrics must be an array');
  return value.map((row, i) => {
    const r = row as Partial<Record<keyof EpochMetrics, unknown>>;
    if (!isJsonObject(row) || METRIC_FIELDS.some((k) => typeof r[k] !== 'number')) {
      throw corrupt(`metrics[${i}] must be {${METRIC_FIELDS.join(', ')}} numbers, got ${JSON.stringify(row)}`);
    }
    return { epoch: r.epoch as number, perplexity: r.perplexity as number, tokensPerSec: r.tokensPerSec as number, tokens: r.tokens as number, seconds: r.seconds as number };
  });
}

const sameShape = (a: unknown, b: readonly number[]): boolean => Array.isArray(a) && a.length === b.length && b.every((n, i) => a[i] === n);

/**
 * Checks the manifest's layout against what `config` needs: each parameter once, of its shape,
 * inside the blob and overlapping no other. Linear (a map by name, one sort), so a valid
 * 10,000-layer manifest is checked as fast as it is read.
 */
function readLayout(config: ModelConfig, entries: unknown): { layout: ParamEntry[]; weightsBytes: number } {
  if (!Array.isArray(entries)) throw corrupt('params must be an array');
  const spec = paramShapes(config);
  const specByName = new Map(spec.map((p) => [p.name, p]));
  const byName = new Map<string, Record<string, unknown>>();
  for (const e of entries) {
    if (!isJsonObject(e) || typeof e.name !== 'string') throw corrupt(`a params entry has no name: ${JSON.stringify(e)}`);
    if (byName.has(e.name)) throw corrupt(`the manifest lists parameter ${e.name} twice`);
    byName.set(e.name, e);
  }
  const extra = [...byName.keys()].filter((n) => !specByName.has(n));
  if (extra.length > 0) throw corrupt(`the manifest lists parameters a ${config.cell} model does not have: ${extra.slice(0, 10).join(', ')}`);
  const layout = spec.map((p) => {
    const e = byName.get(p.name);
    if (!e) throw corrupt(`the manifest lists no parameter ${p.name}`);
    if (!sameShape(e.shape, p.shape)) {
      throw corrupt(`parameter ${p.name} has shape ${JSON.stringify(e.shape)}, the config needs [${p.shape.join(', ')}]`);
    }
    if (e.length !== shapeSize(p.shape) || !isCount(e.offset)) {
      throw corrupt(`parameter ${p.name} has offset ${JSON.stringify(e.offset)} and length ${JSON.stringify(e.length)}, expected ${shapeSize(p.shape)} values at an offset ≥ 0`);
    }
    return { name: p.name, shape: p.shape, offset: e.offset, length: e.length };
  });
  const weightsBytes = 4 * layout.reduce((n, p) => n + p.length, 0);
  const sorted = [...layout].sort((a, b) => a.offset - b.offset);
  sorted.forEach((p, i) => {
    const next = sorted[i + 1];
    if (next && p.offset + p.length > next.offset) throw corrupt(`parameters ${p.name} and ${next.name} overlap in the weights`);
    if (4 * (p.offset + p.length) > weightsBytes) throw corrupt(`parameter ${p.name} runs past the end of the weights`);
  });
  return { layout, weightsBytes };
}

/** Old folders name no weights file: theirs is `weights.bin`. */
export const LEGACY_WEIGHTS_FILE = 'weights.bin';

/** A weights file name is a plain name in the checkpoint's own folder, never a path out of it. */
const WEIGHTS_FILE_NAME = /^weights(-[0-9a-z]+)*\.bin$/;

/** Whether `name` is one a checkpoint's weights file may have (`weights.bin`, `weights-….bin`). */
export function isWeightsFileName(name: string): boolean {
  return WEIGHTS_FILE_NAME.test(name);
}

/** A manifest that passed every check that needs no weights: what to read next, and how much of it. */
export interface CheckpointPlan {
  /** The weights file's name in the checkpoint's folder. */
  readonly weightsFile: string;
  /** The weights' exact length in bytes, as the manifest's layout fixes it. */
  readonly weightsBytes: number;
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly config: ModelConfig;
  readonly tokenizer: SavedModel['tokenizer'];
  readonly vocab: readonly string[];
  readonly metrics: readonly EpochMetrics[];
  readonly layout: readonly ParamEntry[];
}

/**
 * Checks a manifest before any weights are read or allocated: the format and version, sizes in
 * range and a parameter count under the cap (arithmetic on the config alone), a vocabulary its
 * tokenizer could produce, and a layout that fits. Only then are the parameter shapes built.
 */
export function planCheckpoint(manifestJson: string, limits: ModelLimits = {}): CheckpointPlan {
  const m = parseManifest(manifestJson);
  asCorrupt(() => checkModelSizes(m.config, limits));
  const c = m.config as ModelConfig;
  const config: ModelConfig = { cell: c.cell, vocabSize: c.vocabSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers };
  const tokenizer = asCorrupt(() => parseTokenizer(m.tokenizer));
  asCorrupt(() => checkTokenizerVocab(m.vocab, tokenizer, config.vocabSize));
  if (!isJsonObject(m.training)) throw corrupt('training must be an object');
  const weightsFile = m.weightsFile ?? LEGACY_WEIGHTS_FILE;
  if (typeof weightsFile !== 'string' || !isWeightsFileName(weightsFile)) {
    throw corrupt(`weightsFile ${JSON.stringify(weightsFile)} is not a weights file name (weights-….bin in the checkpoint's folder)`);
  }
  const metrics = parseMetrics(m.metrics);
  const { layout, weightsBytes } = readLayout(config, m.params);
  return { weightsFile, weightsBytes, manifest: m, config, tokenizer, vocab: m.vocab as string[], metrics, layout };
}

/** Reads the weights a plan describes; refuses weights of the wrong size or from another save, and non-finite weights. */
export function decodePlannedCheckpoint(plan: CheckpointPlan, weights: Uint8Array): Checkpoint {
  if (weights.byteLength !== plan.weightsBytes) {
    throw corrupt(`weights file has ${weights.byteLength} bytes, manifest expects ${plan.weightsBytes}`);
  }
  if (crc32(weights) !== plan.manifest.weightsCrc32) {
    throw corrupt('the weights do not match the manifest\'s checksum (a partial save, or weights from another save)');
  }
  const checkpoint: Checkpoint = {
    config: plan.config,
    tokenizer: plan.tokenizer,
    vocab: plan.vocab,
    training: plan.manifest.training as Checkpoint['training'],
    metrics: plan.metrics,
    params: new Map(plan.layout.map((p) => [p.name, readFloat32Le(weights, p.offset * 4, p.length)])),
  };
  asCorrupt(() => checkSavedModel(checkpoint));
  return checkpoint;
}

/**
 * Reads a checkpoint back, refusing (with what is wrong) another format, another version, a
 * model over `limits`, a layout that does not fit the config, weights of the wrong size or
 * from another save, and non-finite weights.
 */
export function decodeCheckpoint(manifestJson: string, weights: Uint8Array, limits: ModelLimits = {}): Checkpoint {
  return decodePlannedCheckpoint(planCheckpoint(manifestJson, limits), weights);
}
