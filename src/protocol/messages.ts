/**
 * THE messages between the extension host, the panel webview and the trainer worker, one table
 * per direction and one line per message, from which each direction's union and parse come.
 *
 * Each side validates what arrives with its parse and drops (and logs) anything that does not
 * parse, so a stale webview or a bug on one side cannot put the other in a bad state.
 * The host posts nothing to the panel before the panel's `ready` (the handshake).
 */
import { isComparison } from './compare';
import { isBackendReport, isWasmFiles, isWorkerResources } from './backends';
import { isByDistance, isCounts } from './connectivity';
import { isExplorerTrace, isReadingThresholds } from './explorer';
import { isPatternResult, PATTERN_QUERY_FIELDS } from './patterns';
import { isPanelStrings } from './strings';
import { isTrainRequest, parseTrainEvent, trainEvents, type TrainEvent } from './training';
import { isUnitsRanking, UNIT_REF_FIELDS, UNITS_SOURCES } from './units';
import { arrayOf, isBool, isInt, isNum, isStr, message, oneOf, parseMessage, type Check, type MessageOf } from './validate';

const isTrainEvent: Check<TrainEvent> = (v): v is TrainEvent => parseTrainEvent(v) !== undefined;

const stopTraining = message({ runId: isStr });
const cspViolation = message({ directive: isStr, blockedUri: isStr });
const error = message({ message: isStr });
const backendReport = message({ report: isBackendReport });

export const hostToPanel = {
  init: message({ strings: isPanelStrings, resources: isWorkerResources, workerTimeoutMs: isNum }),
  probeBackends: message({}),
  train: message({ request: isTrainRequest }),
  stopTraining,
  showTrace: message({ trace: isExplorerTrace, step: isInt, readings: isReadingThresholds }),
  /** The settings of d2l's readings changed: the explorer marks its chosen unit's steps anew. */
  setReadings: message({ readings: isReadingThresholds }),
  setStep: message({ traceId: isStr, step: isInt }),
  /** One step's gradient connectivity, byDistance[k] = ‖∂loss_t/∂x_{t−k}‖ (k = 0 first). */
  showConnectivity: message({ traceId: isStr, step: isInt, byDistance: isByDistance }),
  /** The explored text's memory-length curve: mean connectivity by distance over `positions` of its steps. */
  showMemoryCurve: message({ traceId: isStr, mean: isByDistance, counts: isCounts, positions: isInt }, (m) => m.mean.length === m.counts.length),
  /** The stored models the explorer can switch to on the same text, and the one it shows. */
  explorerModels: message({ traceId: isStr, names: arrayOf(isStr, 10_000), current: isStr }),
  /** Why the explorer shows no connectivity for this trace (no fused engine, or the step has no next character). */
  connectivityUnavailable: message({ traceId: isStr, reason: isStr }),
  /** The Patterns view: the matches of a search, or what is happening instead (reading…, no model). */
  showPatternMatches: message({ result: isPatternResult }),
  patternsStatus: message({ message: isStr, busy: isBool }),
  /** A run going on in the extension host (the panel's worker could not start): the dashboard draws it. */
  trainEvent: message({ event: isTrainEvent }),
  /** The Units view: a ranking to show, or what is happening instead (ranking…, no model). */
  showUnits: message({ ranking: isUnitsRanking }),
  unitsStatus: message({ message: isStr, busy: isBool }),
  /** Compare Cells: the whole comparison, each time it changes (a run starts, an epoch ends, a curve is measured). */
  showComparison: message({ comparison: isComparison }),
};

export const panelToHost = {
  ready: message({}),
  backendReport,
  error,
  cspViolation,
  resumeTraining: message({ runId: isStr, modelName: isStr }),
  stopTraining,
  revealOffset: message({ uri: isStr, start: isInt, end: isInt }, (m) => m.start <= m.end),
  /** After a window reload: the span the explorer showed, and its step, to trace again. */
  restoreTrace: message({ uri: isStr, start: isInt, end: isInt, step: isInt }, (m) => m.start < m.end),
  /** Show the explored span with another stored model (it becomes the current model), at the same step. */
  exploreWithModel: message({ modelName: isStr, uri: isStr, start: isInt, end: isInt, step: isInt }, (m) => m.start < m.end),
  /** The explorer's current step: its connectivity, please. */
  connectivityAt: message({ traceId: isStr, step: isInt }),
  /** The Patterns view: search for a pattern, stop the read of the states, open a match in the editor. */
  searchPattern: message(PATTERN_QUERY_FIELDS),
  cancelPatternSearch: message({}),
  openPatternMatch: message({ uri: isStr, from: isInt, to: isInt }, (m) => m.from <= m.to),
  /** The Units view asks for a ranking, or to colour the editor by a unit. */
  rankUnits: message({ source: oneOf(UNITS_SOURCES) }),
  colourByUnit: message(UNIT_REF_FIELDS),
  /** The panel could not start its trainer worker for this run; the host runs it instead. */
  workerUnavailable: message({ runId: isStr, reason: isStr }),
  ...trainEvents,
};

export const panelToWorker = {
  probe: message({ wasmFiles: isWasmFiles }),
  train: message({ request: isTrainRequest, wasmFiles: isWasmFiles }),
  stopTraining,
};

export const workerToPanel = {
  workerReady: message({}),
  cspViolation,
  backendReport,
  error,
  ...trainEvents,
};

/** Host → its trainer thread (when the panel's worker could not start); it answers with TrainEvents. */
export const hostToTrainer = {
  train: message({ request: isTrainRequest }),
  stopTraining,
};

export type HostToPanel = MessageOf<typeof hostToPanel>;
export type PanelToHost = MessageOf<typeof panelToHost>;
export type PanelToWorker = MessageOf<typeof panelToWorker>;
export type WorkerToPanel = MessageOf<typeof workerToPanel>;
export type HostToTrainer = MessageOf<typeof hostToTrainer>;

/** The panel's check of what the host sends. */
export const parseHostToPanel = (v: unknown): HostToPanel | undefined => parseMessage(hostToPanel, v);
/** The host's check of what the panel sends. */
export const parsePanelToHost = (v: unknown): PanelToHost | undefined => parseMessage(panelToHost, v);
/** The worker's check of what the panel sends. */
export const parsePanelToWorker = (v: unknown): PanelToWorker | undefined => parseMessage(panelToWorker, v);
/** The panel's check of what the worker sends. */
export const parseWorkerToPanel = (v: unknown): WorkerToPanel | undefined => parseMessage(workerToPanel, v);
/** The host trainer thread's check of what the host sends. */
export const parseHostToTrainer = (v: unknown): HostToTrainer | undefined => parseMessage(hostToTrainer, v);
