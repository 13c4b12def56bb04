/**
 * What a training run is asked to do and what it reports, in the core's own terms; the wire
 * protocol (src/protocol/training.ts) carries these types, the core does not know the wire.
 */
import type { Tokenizer } from '../text/tokenizer';
import type { EpochRecord } from './epochRecord';
import type { TrainProgress } from './trainer';
import type { TrainPreset } from './trainPreset';

/**
 * Which engine trains: the fastest by a probe (`auto`), or one forced by `lstmLens.backend`.
 * A forced `webgpu` is a wish the machine may not grant: without a GPU for it, the run goes on
 * on the engine `auto` picks.
 */
export type EngineChoice = 'auto' | 'fused' | 'fused-single' | 'webgl' | 'wasm' | 'cpu' | 'webgpu';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'fused', 'fused-single', 'webgl', 'wasm', 'cpu', 'webgpu'];

/** A checkpoint as its two files' contents (core/io's EncodedCheckpoint), sent as bytes. */
export interface CheckpointBytes {
  readonly manifestJson: string;
  readonly weights: Uint8Array;
}

export interface TrainFaults {
  /** The run's first engine throws on every minibatch after this many. */
  readonly engineFailsAfterBatches?: number;
}

/** Everything a run needs. */
export interface TrainRequest {
  readonly runId: string;
  readonly modelName: string;
  /** A label for the source (file name, "selection", "sample corpus"), shown in the dashboard. */
  readonly sourceLabel: string;
  readonly text: string;
  readonly tokenizer: Tokenizer;
  readonly preset: TrainPreset;
  readonly engine: EngineChoice;
  /** Continue from this checkpoint (its vocabulary, weights and history). */
  readonly resume?: CheckpointBytes;
  /** The run reports a checkpoint at most this often (and at the end). */
  readonly checkpointEveryMs: number;
  /** Free-form facts saved in the checkpoint's `training` (the source, for a later resume). */
  readonly provenance: Readonly<Record<string, string>>;
  /** Faults to inject, for trying the fallbacks (`lstmLens.debug.*`); absent in normal use. */
  readonly faults?: TrainFaults;
}

/** One engine the run did not pick, and why. */
export interface SkippedEngine {
  readonly engine: string;
  readonly reason: string;
}

export type TrainOutcome = 'finished' | 'stopped' | 'diverged' | 'failed';
export const TRAIN_OUTCOMES: readonly TrainOutcome[] = ['finished', 'stopped', 'diverged', 'failed'];

/** What a run is, as its start reports it. */
export interface RunInfo {
  readonly runId: string;
  readonly modelName: string;
  readonly sourceLabel: string;
  /** The engine that runs ('fused-wasm', 'tfjs-webgl', ...). */
  readonly engine: string;
  /** The GPU adapter it computes on, for an engine on a GPU (TrainEngine.adapter). */
  readonly adapter?: string;
  /** How it computes (TrainEngine.detail: the fused engine's 'relaxed SIMD' or 'SIMD'). */
  readonly engineDetail?: string;
  readonly skipped: readonly SkippedEngine[];
  readonly vocabSize: number;
  readonly corpusTokens: number;
  readonly totalEpochs: number;
  /** Set when the run fell back to another engine. */
  readonly notice?: string;
}

/**
 * How a run reports, in this order: started (again after each fallback), progress, epochs and
 * samples, checkpoints, ended. The place the run happens turns these into its messages.
 */
export interface RunReporter {
  /** `history`: epochs already done (a resumed run's, or those before a fallback). */
  started(run: RunInfo, history: readonly EpochRecord[]): void;
  progress(p: TrainProgress): void;
  epoch(r: EpochRecord): void;
  sample(epoch: number, text: string): void;
  /** The checkpoint's weights buffer may be handed over (transferred): do not reuse it. */
  checkpoint(epoch: number, checkpoint: CheckpointBytes, final: boolean): void;
  ended(outcome: TrainOutcome, message?: string): void;
}
