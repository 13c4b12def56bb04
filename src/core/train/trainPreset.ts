/**
 * The settings of a training run, one type for the CLI flags, the worker's messages and the
 * VS Code settings (lstmLens.*), with d2l's own run and a quick one for small texts.
 */
import { CELL_KINDS, CellKind, ModelConfig } from '../model/config';
import { PARTITIONS, Partition } from '../data/partition';
import type { OptimizerConfig, OptimizerKind } from '../engine/engine';

export interface TrainPreset {
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Time steps per minibatch row (d2l's num_steps). */
  readonly numSteps: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerKind;
  /** Learning rate η. */
  readonly lr: number;
  /** Global gradient-norm clip θ. */
  readonly clipTheta: number;
  readonly epochs: number;
  /** d2l's use_random_iter: 'random' resets the state every minibatch, 'sequential' carries it. */
  readonly partition: Partition;
  /** Seeds the initial weights and each epoch's minibatch order. */
  readonly seed: number;
  /** predict_ch8's prefix for samples; when empty, the corpus's first tokens. */
  readonly samplePrefix: string;
  /** Tokens generated per sample. */
  readonly sampleLength: number;
  /** A sample every this many epochs (and after the last). */
  readonly sampleEvery: number;
}

export type PresetName = 'd2l' | 'quick';

export const PRESETS: Readonly<Record<PresetName, TrainPreset>> = {
  /** d2l 10.1's run: `num_hiddens=256, batch_size=32, num_steps=35, lr=1, num_epochs=500`. */
  d2l: {
    cell: 'lstm', hiddenSize: 256, numLayers: 1, numSteps: 35, batchSize: 32,
    optimizer: 'sgd', lr: 1, clipTheta: 1, epochs: 500, partition: 'sequential', seed: 42,
    samplePrefix: 'time traveller', sampleLength: 50, sampleEvery: 1,
  },
  /** Seconds, not hours, on a short text: a small model that still learns its patterns. */
  quick: {
    cell: 'lstm', hiddenSize: 64, numLayers: 1, numSteps: 16, batchSize: 8,
    optimizer: 'sgd', lr: 1, clipTheta: 1, epochs: 20, partition: 'sequential', seed: 42,
    samplePrefix: '', sampleLength: 50, sampleEvery: 1,
  },
};

/** The model a preset trains on a vocabulary of `vocabSize`. */
export function presetModelConfig(preset: TrainPreset, vocabSize: number): ModelConfig {
  return { cell: preset.cell, vocabSize, hiddenSize: preset.hiddenSize, numLayers: preset.numLayers };
}

/** The optimizer a preset trains with: its kind, learning rate η and clip θ. */
export function presetOptimizer(preset: TrainPreset): OptimizerConfig {
  return { kind: preset.optimizer, lr: preset.lr, clipTheta: preset.clipTheta };
}

/** Throws one clear line naming the first bad setting (settings and CLI flags arrive untyped). */
export function validatePreset(p: TrainPreset): void {
  if (!CELL_KINDS.includes(p.cell)) throw new Error(`cell must be one of ${CELL_KINDS.join(', ')}, got '${String(p.cell)}'`);
  if (!PARTITIONS.includes(p.partition)) throw new Error(`partition must be one of ${PARTITIONS.join(', ')}, got '${String(p.partition)}'`);
  if (p.optimizer !== 'sgd' && p.optimizer !== 'adam') throw new Error(`optimizer must be sgd or adam, got '${String(p.optimizer)}'`);
  for (const key of ['hiddenSize', 'numLayers', 'numSteps', 'batchSize', 'epochs', 'sampleEvery'] as const) {
    if (!Number.isInteger(p[key]) || p[key] < 1) throw new Error(`${key} must be a positive integer, got ${String(p[key])}`);
  }
  if (!Number.isInteger(p.sampleLength) || p.sampleLength < 0) throw new Error(`sampleLength must be a non-negative integer, got ${String(p.sampleLength)}`);
  if (!(p.lr > 0) || !Number.isFinite(p.lr)) throw new Error(`lr must be a positive number, got ${String(p.lr)}`);
  if (!(p.clipTheta > 0)) throw new Error(`clipTheta must be positive (Infinity disables clipping), got ${String(p.clipTheta)}`);
  if (!Number.isInteger(p.seed)) throw new Error(`seed must be an integer, got ${String(p.seed)}`);
}
