/**
 * LSTM Lens's native checkpoint, version 1: a JSON manifest (cell and sizes, tokenizer and
 * vocabulary, training config, metrics history, and where each parameter lies in the weights)
 * beside a blob of little-endian float32 weights. Pure: no file system, so it also runs in the
 * worker; `checkpointFiles.ts` puts it on disk.
 */
import { ModelConfig, validateModelConfig } from '../model/config';
import { paramShapes, ParamSet, shapeSize } from '../model/paramSpec';
import { parseTokenizer } from '../text/tokenizer';
import { crc32 } from './crc32';
import { readFloat32Le, writeFloat32Le } from './float32le';
import { isJsonObject } from './jsonObject';
import { checkSavedModel, SavedModel } from './savedModel';

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
  readonly params: readonly ParamEntry[];
}

/** The two halves of a checkpoint, ready to be written as `manifest.json` and `weights.bin`. */
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

/** Lays the parameters out in `paramShapes` order, one after another, and writes the blob. */
export function encodeCheckpoint(checkpoint: Checkpoint): EncodedCheckpoint {
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

/** Checks the manifest's layout against what `config` needs and reads each parameter out of `weights`. */
function readParams(config: ModelConfig, entries: unknown, weights: Uint8Array): ParamSet {
  if (!Array.isArray(entries)) throw corrupt('params must be an array');
  const byName = new Map<string, Record<string, unknown>>();
  for (const e of entries) {
    if (!isJsonObject(e) || typeof e.name !== 'string') throw corrupt(`a params entry has no name: ${JSON.stringify(e)}`);
    byName.set(e.name, e);
  }
  const spec = paramShapes(config);
  const extra = [...byName.keys()].filter((n) => !spec.some((p) => p.name === n));
  if (extra.length > 0) throw corrupt(`the manifest lists parameters a ${config.cell} model does not have: ${extra.join(', ')}`);
  const layout = spec.map((p) => {
    const e = byName.get(p.name);
    if (!e) throw corrupt(`the manifest lists no parameter ${p.name}`);
    if (JSON.stringify(e.shape) !== JSON.stringify(p.shape)) {
      throw corrupt(`parameter ${p.name} has shape ${JSON.stringify(e.shape)}, the config needs [${p.shape.join(', ')}]`);
    }
    if (e.length !== shapeSize(p.shape) || !isCount(e.offset)) {
      throw corrupt(`parameter ${p.name} has offset ${JSON.stringify(e.offset)} and length ${JSON.stringify(e.length)}, expected ${shapeSize(p.shape)} values at an offset ≥ 0`);
    }
    return { name: p.name, offset: e.offset, length: e.length };
  });
  const expectedBytes = 4 * layout.reduce((n, p) => n + p.length, 0);
  if (weights.byteLength !== expectedBytes) {
    throw corrupt(`weights file has ${weights.byteLength} bytes, manifest expects ${expectedBytes}`);
  }
  const sorted = [...layout].sort((a, b) => a.offset - b.offset);
  sorted.forEach((p, i) => {
    const next = sorted[i + 1];
    if (next && p.offset + p.length > next.offset) throw corrupt(`parameters ${p.name} and ${next.name} overlap in the weights`);
    if (4 * (p.offset + p.length) > expectedBytes) throw corrupt(`parameter ${p.name} runs past the end of the weights`);
  });
  return new Map(layout.map((p) => [p.name, readFloat32Le(weights, p.offset * 4, p.length)]));
}

/**
 * Reads a checkpoint back, refusing (with what is wrong) another format, another version, a
 * layout that does not fit the config, weights of the wrong size or from another save, and
 * non-finite weights.
 */
export function decodeCheckpoint(manifestJson: string, weights: Uint8Array): Checkpoint {
  const m = parseManifest(manifestJson);
  const config = m.config as ModelConfig;
  asCorrupt(() => validateModelConfig(config));
  if (!Array.isArray(m.vocab) || !m.vocab.every((t) => typeof t === 'string')) throw corrupt('vocab must be an array of token strings');
  if (!isJsonObject(m.training)) throw corrupt('training must be an object');
  const params = readParams(config, m.params, weights);
  if (crc32(weights) !== m.weightsCrc32) {
    throw corrupt('the weights do not match the manifest\'s checksum (a partial save, or weights from another save)');
  }
  const checkpoint: Checkpoint = {
    config: { cell: config.cell, vocabSize: config.vocabSize, hiddenSize: config.hiddenSize, numLayers: config.numLayers },
    tokenizer: asCorrupt(() => parseTokenizer(m.tokenizer)),
    vocab: m.vocab,
    training: m.training,
    metrics: parseMetrics(m.metrics),
    params,
  };
  asCorrupt(() => checkSavedModel(checkpoint));
  return checkpoint;
}
