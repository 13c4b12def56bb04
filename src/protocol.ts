/**
 * THE messages between the extension host, the panel webview and the trainer worker.
 *
 * Every message is a discriminated union member `{ type, ... }`. Each side validates what
 * arrives with the `parse*` functions below and drops (and logs) anything that does not
 * parse, so a stale webview or a bug on one side cannot put the other in a bad state.
 * The host posts nothing to the panel before the panel's `ready` (the handshake).
 */

import { parseTokenizer, type Tokenizer } from './core/text/tokenizer';
import { validatePreset, type TrainPreset } from './core/train/trainPreset';
import type { EpochRecord } from './core/train/epochRecord';
import { CELL_KINDS, type CellKind } from './core/model/config';
import { TEXT_FEATURES, type TextFeature, type UnitRef, type UnitScore } from './core/infer/unitFeatures';

/** The tf.js backends the worker can run on, fastest first on a machine with a GPU. */
export type TfBackendName = 'webgl' | 'wasm' | 'cpu';
export const TF_BACKENDS: readonly TfBackendName[] = ['webgl', 'wasm', 'cpu'];

/** What the worker found when it tried one backend. */
export interface BackendProbe {
  readonly backend: TfBackendName;
  readonly available: boolean;
  /** WebGL: version and GL renderer; WASM: SIMD and threads; CPU: 'JavaScript'. */
  readonly detail: string;
  /** Why it is not available, when it is not. */
  readonly error?: string;
  /** Milliseconds for one 256×256 matmul after warm-up: a rough speed hint. */
  readonly matmulMs?: number;
}

export interface BackendReport {
  readonly probes: readonly BackendProbe[];
  /** The tf.js version the worker runs. */
  readonly tfVersion: string;
  /** Milliseconds from worker creation to the finished report. */
  readonly elapsedMs: number;
}

/** Strings the panel shows, localised by the host (vscode.l10n) so translations can follow. */
export type PanelStrings = Readonly<Record<PanelStringKey, string>>;
export const PANEL_STRING_KEYS = [
  'title',
  'backendsHeading',
  'probing',
  'available',
  'unavailable',
  'backend',
  'status',
  'detail',
  'matmul',
  'workerFailed',
  'tfVersion',
  'engineBadgeTitle',
  'stop',
  'resume',
  'epoch',
  'perplexity',
  'tokensPerSec',
  'elapsed',
  'eta',
  'checkpoint',
  'progress',
  'perplexityChart',
  'samples',
  'otherEngines',
  'running',
  'outcome_finished',
  'outcome_stopped',
  'outcome_diverged',
  'outcome_failed',
  'outcome_interrupted',
  'tokens',
  'vocabulary',
  'noRun',
  'tabTraining',
  'tabExplorer',
  'noTrace',
  'play',
  'pause',
  'stepBack',
  'stepForward',
  'speed',
  'stepsPerSecond',
  'scrub',
  'layer',
  'sortUnits',
  'sort_index',
  'sort_mean',
  'sort_variance',
  'sort_correlation',
  'correlationHint',
  'unit',
  'units',
  'step',
  'steps',
  'time',
  'value',
  'mean',
  'cellOutside',
  'surprisal',
  'nextChars',
  'saturation',
  'leftSaturated',
  'rightSaturated',
  'cellDiagram',
  'diagramUnit',
  'meanOfUnits',
  'unitCharts',
  'chartUnits',
  'textStrip',
  'tracedBy',
  'tabUnits',
  'unitsIntro',
  'unitsRankFile',
  'unitsRankCorpus',
  'noUnits',
  'unitsColourHint',
  'unitsRead',
  'characters',
] as const;
export type PanelStringKey = (typeof PANEL_STRING_KEYS)[number];

/** Webview resource URLs the panel needs to start the worker (webviews cannot load workers by URL). */
export interface WorkerResources {
  readonly workerScript: string;
  /** tf.js WASM binaries by file name, as tf.setWasmPaths expects them. */
  readonly wasmFiles: Readonly<Record<string, string>>;
}

// ---- training ----------------------------------------------------------------------------

/** Which engine trains: the fastest by a probe (`auto`), or one forced by `lstmLens.backend`. */
export type EngineChoice = 'auto' | 'fused' | 'fused-single' | 'webgl' | 'wasm' | 'cpu';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'fused', 'fused-single', 'webgl', 'wasm', 'cpu'];

/** A checkpoint as its two files' contents (core/io's EncodedCheckpoint), sent as bytes. */
export interface CheckpointBytes {
  readonly manifestJson: string;
  readonly weights: Uint8Array;
}

/** Everything the worker needs for one training run. */
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
  /** The worker posts a checkpoint at most this often (and at the end). */
  readonly checkpointEveryMs: number;
  /** Free-form facts saved in the checkpoint's `training` (the source, for a later resume). */
  readonly provenance: Readonly<Record<string, string>>;
  /** Faults to inject, for trying the fallbacks (`lstmLens.debug.*`); absent in normal use. */
  readonly faults?: TrainFaults;
}

export interface TrainFaults {
  /** The run's first engine throws on every minibatch after this many. */
  readonly engineFailsAfterBatches?: number;
}

/** One engine the worker did not pick, and why. */
export interface SkippedEngine {
  readonly engine: string;
  readonly reason: string;
}

/** One epoch of a run, as the trainer records it. */
export type EpochPoint = EpochRecord;

export type TrainOutcome = 'finished' | 'stopped' | 'diverged' | 'failed';

/** What a run is, as its start reports it. */
export interface RunInfo {
  readonly runId: string;
  readonly modelName: string;
  readonly sourceLabel: string;
  /** The engine that runs ('fused-wasm', 'tfjs-webgl', ...). */
  readonly engine: string;
  readonly skipped: readonly SkippedEngine[];
  readonly vocabSize: number;
  readonly corpusTokens: number;
  readonly totalEpochs: number;
  /** Set when the run fell back to another engine. */
  readonly notice?: string;
}

/** What a training run reports, worker → panel → host, in this order: started, …, ended. */
export type TrainEvent =
  | ({
      readonly type: 'trainStarted';
      /** Epochs already done (a resumed run's history). */
      readonly history: readonly EpochPoint[];
    } & RunInfo)
  | { readonly type: 'trainProgress'; readonly runId: string; readonly epoch: number; readonly batch: number; readonly batches: number; readonly loss: number; readonly tokensPerSec: number }
  | ({ readonly type: 'trainEpoch'; readonly runId: string } & EpochPoint)
  | { readonly type: 'trainSample'; readonly runId: string; readonly epoch: number; readonly text: string }
  | { readonly type: 'checkpoint'; readonly runId: string; readonly epoch: number; readonly checkpoint: CheckpointBytes; readonly final: boolean }
  | { readonly type: 'trainEnded'; readonly runId: string; readonly outcome: TrainOutcome; readonly message?: string };

// ---- gate explorer ---------------------------------------------------------------------

/** How many next-token candidates an explorer trace carries per step. */
export const EXPLORER_TOP_K = 5;

/**
 * Everything the gate explorer shows for one explored span: every gate of every layer at every
 * step, as float32 buffers (they travel as transferable typed arrays, not JSON numbers).
 */
export interface ExplorerTrace {
  readonly id: string;
  readonly modelName: string;
  readonly cell: CellKind;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** The names of `values`' gates, TRACE_GATES[cell]: I, F, O, C_tilde, C, H for the LSTM. */
  readonly gates: readonly string[];
  /** The document the span is in, and each step's token as the model read it. */
  readonly uri: string;
  readonly tokens: readonly string[];
  /** Document offsets where each step's text starts, and just past where it ends. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** values[layer][gate]: [steps × hiddenSize], time-major (unit j at step t is [t · h + j]). */
  readonly values: readonly (readonly Float32Array[])[];
  /** The state before the first step, [numLayers × hiddenSize]: H_0, and C_0 for the LSTM. */
  readonly startH: Float32Array;
  readonly startC?: Float32Array;
  /** −log p(token t | everything before it) in nats, [steps]. */
  readonly surprisal: Float32Array;
  /** The EXPLORER_TOP_K most probable next tokens after each step, [steps × k], as text and probability. */
  readonly topKTokens: readonly string[];
  readonly topKProbs: Float32Array;
  /** Which engine traced it ('fused-wasm', 'typescript') and how long it took. */
  readonly engine: string;
  readonly traceMs: number;
}

// ---- host → panel ----------------------------------------------------------------------

export type HostToPanel =
  | { readonly type: 'init'; readonly strings: PanelStrings; readonly resources: WorkerResources; readonly workerTimeoutMs: number }
  | { readonly type: 'probeBackends' }
  | { readonly type: 'train'; readonly request: TrainRequest }
  | { readonly type: 'stopTraining'; readonly runId: string }
  | { readonly type: 'showTrace'; readonly trace: ExplorerTrace; readonly step: number }
  | { readonly type: 'setStep'; readonly traceId: string; readonly step: number }
  /** A run going on in the extension host (the panel's worker could not start): the dashboard draws it. */
  | { readonly type: 'trainEvent'; readonly event: TrainEvent }
  /** The Units view: a ranking to show, or what is happening instead (ranking…, no model). */
  | { readonly type: 'showUnits'; readonly ranking: UnitsRanking }
  | { readonly type: 'unitsStatus'; readonly message: string; readonly busy: boolean };

// ---- panel → host ----------------------------------------------------------------------

export type PanelToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'backendReport'; readonly report: BackendReport }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string }
  | { readonly type: 'resumeTraining'; readonly runId: string; readonly modelName: string }
  | { readonly type: 'stopTraining'; readonly runId: string }
  | { readonly type: 'revealOffset'; readonly uri: string; readonly start: number; readonly end: number }
  /** After a window reload: the span the explorer showed, and its step, to trace again. */
  | { readonly type: 'restoreTrace'; readonly uri: string; readonly start: number; readonly end: number; readonly step: number }
  /** The Units view asks for a ranking, or to colour the editor by a unit. */
  | { readonly type: 'rankUnits'; readonly source: UnitsSource }
  | ({ readonly type: 'colourByUnit' } & UnitRef)
  /** The panel could not start its trainer worker for this run; the host runs it instead. */
  | { readonly type: 'workerUnavailable'; readonly runId: string; readonly reason: string }
  | TrainEvent;

// ---- interpretable units -------------------------------------------------------------

/** Units ranked by how well they track features of a text, for the panel's Units view. */
export interface UnitsRanking {
  readonly modelName: string;
  /** What was read: a file's name, or the model's training corpus. */
  readonly sourceLabel: string;
  readonly chars: number;
  /** Per feature that varies in the text, its label and its best units, best first. */
  readonly features: readonly { readonly feature: TextFeature; readonly label: string; readonly units: readonly UnitScore[] }[];
}

export type UnitsSource = 'activeFile' | 'corpus';

function isUnitRef(v: unknown): v is UnitRef {
  return isObj(v) && isInt(v.layer) && (v.kind === 'C' || v.kind === 'H') && isInt(v.unit);
}

function isUnitsRanking(v: unknown): v is UnitsRanking {
  if (!isObj(v) || !isStr(v.modelName) || !isStr(v.sourceLabel) || !isInt(v.chars) || !Array.isArray(v.features)) return false;
  return v.features.every(
    (f: unknown) =>
      isObj(f) && TEXT_FEATURES.includes(f.feature as TextFeature) && isStr(f.label) && Array.isArray(f.units) &&
      f.units.every((u: unknown) => isUnitRef(u) && (u as Partial<UnitScore>).feature === f.feature && isNum((u as Partial<UnitScore>).r) && Math.abs((u as UnitScore).r) <= 1),
  );
}

// ---- host → its trainer thread (when the panel's worker could not start) ----------------

export type HostToTrainer = { readonly type: 'train'; readonly request: TrainRequest } | { readonly type: 'stopTraining'; readonly runId: string };

/** The host trainer thread's check of what the host sends (it answers with TrainEvents). */
export function parseHostToTrainer(v: unknown): HostToTrainer | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'train':
      return isTrainRequest(v.request) ? (v as HostToTrainer) : undefined;
    case 'stopTraining':
      return isStr(v.runId) ? (v as HostToTrainer) : undefined;
    default:
      return undefined;
  }
}

// ---- panel → worker --------------------------------------------------------------------

export type PanelToWorker =
  | { readonly type: 'probe'; readonly wasmFiles: Readonly<Record<string, string>> }
  | { readonly type: 'train'; readonly request: TrainRequest; readonly wasmFiles: Readonly<Record<string, string>> }
  | { readonly type: 'stopTraining'; readonly runId: string };

// ---- worker → panel --------------------------------------------------------------------

export type WorkerToPanel =
  | { readonly type: 'workerReady' }
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string }
  | { readonly type: 'backendReport'; readonly report: BackendReport }
  | { readonly type: 'error'; readonly message: string }
  | TrainEvent;

// ---- runtime checks --------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStr(v: unknown): v is string {
  return typeof v === 'string';
}
function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function isStringMap(v: unknown): v is Record<string, string> {
  return isObj(v) && Object.values(v).every(isStr);
}

function isBackendProbe(v: unknown): v is BackendProbe {
  return (
    isObj(v) &&
    TF_BACKENDS.includes(v.backend as TfBackendName) &&
    typeof v.available === 'boolean' &&
    isStr(v.detail) &&
    (v.error === undefined || isStr(v.error)) &&
    (v.matmulMs === undefined || isNum(v.matmulMs))
  );
}

function isBackendReport(v: unknown): v is BackendReport {
  return isObj(v) && Array.isArray(v.probes) && v.probes.every(isBackendProbe) && isStr(v.tfVersion) && isNum(v.elapsedMs);
}

function isPanelStrings(v: unknown): v is PanelStrings {
  return isObj(v) && PANEL_STRING_KEYS.every((k) => isStr(v[k]));
}

function isWorkerResources(v: unknown): v is WorkerResources {
  return isObj(v) && isStr(v.workerScript) && isStringMap(v.wasmFiles);
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

function isCheckpointBytes(v: unknown): v is CheckpointBytes {
  return isObj(v) && isStr(v.manifestJson) && isBytes(v.weights);
}

function isTrainRequest(v: unknown): v is TrainRequest {
  if (!isObj(v)) return false;
  if (!(isStr(v.runId) && isStr(v.modelName) && isStr(v.sourceLabel) && isStr(v.text) && isNum(v.checkpointEveryMs))) return false;
  if (!ENGINE_CHOICES.includes(v.engine as EngineChoice) || !isStringMap(v.provenance)) return false;
  if (v.resume !== undefined && !isCheckpointBytes(v.resume)) return false;
  if (v.faults !== undefined && !(isObj(v.faults) && (v.faults.engineFailsAfterBatches === undefined || isInt(v.faults.engineFailsAfterBatches)))) return false;
  try {
    parseTokenizer(v.tokenizer);
    validatePreset(v.preset as TrainPreset);
    return true;
  } catch {
    return false;
  }
}

function isEpochPoint(v: unknown): v is EpochPoint {
  return isObj(v) && isNum(v.epoch) && isNum(v.tokensPerSec) && isNum(v.tokens) && isNum(v.seconds) && typeof v.perplexity === 'number';
}

const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function isExplorerTrace(v: unknown): v is ExplorerTrace {
  if (!isObj(v) || !(isStr(v.id) && isStr(v.modelName) && isStr(v.uri) && isStr(v.engine) && isNum(v.traceMs))) return false;
  if (!CELL_KINDS.includes(v.cell as CellKind) || !isInt(v.hiddenSize) || !isInt(v.numLayers)) return false;
  if (!Array.isArray(v.gates) || !v.gates.every(isStr) || !Array.isArray(v.tokens) || !v.tokens.every(isStr)) return false;
  const steps = v.tokens.length;
  const floats = (a: unknown, n: number) => a instanceof Float32Array && a.length === n;
  const ints = (a: unknown) => a instanceof Int32Array && a.length === steps;
  const size = steps * v.hiddenSize;
  const gates = v.gates.length;
  return (
    ints(v.starts) &&
    ints(v.ends) &&
    floats(v.startH, v.numLayers * v.hiddenSize) &&
    (v.startC === undefined || floats(v.startC, v.numLayers * v.hiddenSize)) &&
    floats(v.surprisal, steps) &&
    floats(v.topKProbs, steps * EXPLORER_TOP_K) &&
    Array.isArray(v.topKTokens) &&
    v.topKTokens.length === steps * EXPLORER_TOP_K &&
    v.topKTokens.every(isStr) &&
    Array.isArray(v.values) &&
    v.values.length === v.numLayers &&
    v.values.every((layer) => Array.isArray(layer) && layer.length === gates && layer.every((g) => floats(g, size)))
  );
}

const TRAIN_OUTCOMES: readonly TrainOutcome[] = ['finished', 'stopped', 'diverged', 'failed'];

/** A training event from the worker (and relayed by the panel), or undefined. */
export function parseTrainEvent(v: unknown): TrainEvent | undefined {
  if (!isObj(v) || !isStr(v.runId)) return undefined;
  switch (v.type) {
    case 'trainStarted':
      return isStr(v.modelName) && isStr(v.sourceLabel) && isStr(v.engine) && isNum(v.vocabSize) && isNum(v.corpusTokens) && isNum(v.totalEpochs) &&
        Array.isArray(v.skipped) && v.skipped.every((k) => isObj(k) && isStr(k.engine) && isStr(k.reason)) &&
        Array.isArray(v.history) && v.history.every(isEpochPoint) && (v.notice === undefined || isStr(v.notice))
        ? (v as TrainEvent)
        : undefined;
    case 'trainProgress':
      return isNum(v.epoch) && isNum(v.batch) && isNum(v.batches) && typeof v.loss === 'number' && isNum(v.tokensPerSec) ? (v as TrainEvent) : undefined;
    case 'trainEpoch':
      return isEpochPoint(v) ? (v as unknown as TrainEvent) : undefined;
    case 'trainSample':
      return isNum(v.epoch) && isStr(v.text) ? (v as TrainEvent) : undefined;
    case 'checkpoint':
      return isNum(v.epoch) && isCheckpointBytes(v.checkpoint) && typeof v.final === 'boolean' ? (v as TrainEvent) : undefined;
    case 'trainEnded':
      return TRAIN_OUTCOMES.includes(v.outcome as TrainOutcome) && (v.message === undefined || isStr(v.message)) ? (v as TrainEvent) : undefined;
    default:
      return undefined;
  }
}

/** The panel's check of what the host sends. */
export function parseHostToPanel(v: unknown): HostToPanel | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'init':
      return isPanelStrings(v.strings) && isWorkerResources(v.resources) && isNum(v.workerTimeoutMs) ? (v as HostToPanel) : undefined;
    case 'probeBackends':
      return { type: 'probeBackends' };
    case 'train':
      return isTrainRequest(v.request) ? (v as HostToPanel) : undefined;
    case 'stopTraining':
      return isStr(v.runId) ? (v as HostToPanel) : undefined;
    case 'showTrace':
      return isExplorerTrace(v.trace) && isInt(v.step) ? (v as HostToPanel) : undefined;
    case 'setStep':
      return isStr(v.traceId) && isInt(v.step) ? (v as HostToPanel) : undefined;
    case 'trainEvent':
      return parseTrainEvent(v.event) ? (v as HostToPanel) : undefined;
    case 'showUnits':
      return isUnitsRanking(v.ranking) ? (v as HostToPanel) : undefined;
    case 'unitsStatus':
      return isStr(v.message) && typeof v.busy === 'boolean' ? (v as HostToPanel) : undefined;
    default:
      return undefined;
  }
}

/** The host's check of what the panel sends. */
export function parsePanelToHost(v: unknown): PanelToHost | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'backendReport':
      return isBackendReport(v.report) ? (v as PanelToHost) : undefined;
    case 'error':
      return isStr(v.message) ? (v as PanelToHost) : undefined;
    case 'cspViolation':
      return isStr(v.directive) && isStr(v.blockedUri) ? (v as PanelToHost) : undefined;
    case 'resumeTraining':
      return isStr(v.runId) && isStr(v.modelName) ? (v as PanelToHost) : undefined;
    case 'stopTraining':
      return isStr(v.runId) ? (v as PanelToHost) : undefined;
    case 'revealOffset':
      return isStr(v.uri) && isInt(v.start) && isInt(v.end) && v.start <= v.end ? (v as PanelToHost) : undefined;
    case 'workerUnavailable':
      return isStr(v.runId) && isStr(v.reason) ? (v as PanelToHost) : undefined;
    case 'restoreTrace':
      return isStr(v.uri) && isInt(v.start) && isInt(v.end) && v.start < v.end && isInt(v.step) ? (v as PanelToHost) : undefined;
    case 'rankUnits':
      return v.source === 'activeFile' || v.source === 'corpus' ? (v as PanelToHost) : undefined;
    case 'colourByUnit':
      return isUnitRef(v) ? { type: 'colourByUnit', layer: v.layer, kind: v.kind, unit: v.unit } : undefined;
    default:
      return parseTrainEvent(v);
  }
}

/** The worker's check of what the panel sends. */
export function parsePanelToWorker(v: unknown): PanelToWorker | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'probe':
      return isStringMap(v.wasmFiles) ? (v as PanelToWorker) : undefined;
    case 'train':
      return isStringMap(v.wasmFiles) && isTrainRequest(v.request) ? (v as PanelToWorker) : undefined;
    case 'stopTraining':
      return isStr(v.runId) ? (v as PanelToWorker) : undefined;
    default:
      return undefined;
  }
}

/** The panel's check of what the worker sends. */
export function parseWorkerToPanel(v: unknown): WorkerToPanel | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'workerReady':
      return { type: 'workerReady' };
    case 'cspViolation':
      return isStr(v.directive) && isStr(v.blockedUri) ? (v as WorkerToPanel) : undefined;
    case 'backendReport':
      return isBackendReport(v.report) ? (v as WorkerToPanel) : undefined;
    case 'error':
      return isStr(v.message) ? (v as WorkerToPanel) : undefined;
    default:
      return parseTrainEvent(v);
  }
}
