/**
 * A training run on the wire: the request (the core's TrainRequest) and the events a run
 * reports, worker → panel → host, in this order: started, …, ended. The core reports through
 * its RunReporter; `reportAsEvents` turns that into these events wherever the run happens.
 */
import { parseTokenizer } from '../core/text/tokenizer';
import { validatePreset, type TrainPreset } from '../core/train/trainPreset';
import type { EpochRecord } from '../core/train/epochRecord';
import {
  ENGINE_CHOICES, TRAIN_OUTCOMES, type CheckpointBytes, type RunReporter, type TrainRequest,
} from '../core/train/runSpec';
import {
  arrayOf, isAnyNum, isBool, isInt, isNum, isObj, isStr, message, objectOf, oneOf, optional, own, parseMessage,
  stringMap, type Check, type MessageOf,
} from './validate';

export {
  ENGINE_CHOICES, type CheckpointBytes, type EngineChoice, type RunInfo, type SkippedEngine, type TrainFaults,
  type TrainOutcome, type TrainRequest,
} from '../core/train/runSpec';

/** One epoch of a run, as the trainer records it. */
export type EpochPoint = EpochRecord;

/** A run's epochs: no preset runs anywhere near this many. */
const MAX_EPOCHS = 1 << 20;

const EPOCH_FIELDS = { epoch: isNum, perplexity: isAnyNum, tokensPerSec: isNum, tokens: isNum, seconds: isNum };
const isEpochPoint: Check<EpochPoint> = objectOf(EPOCH_FIELDS);

const isCheckpointBytes: Check<CheckpointBytes> = objectOf({
  manifestJson: isStr,
  weights: (v: unknown): v is Uint8Array => v instanceof Uint8Array,
});

const isFaults = objectOf({ engineFailsAfterBatches: optional(isInt) });

const isRequestFields = objectOf({
  runId: isStr,
  modelName: isStr,
  sourceLabel: isStr,
  text: isStr,
  checkpointEveryMs: isNum,
  engine: oneOf(ENGINE_CHOICES),
  provenance: stringMap(256),
  resume: optional(isCheckpointBytes),
  faults: optional(isFaults),
});

/** A run's request: its fields, and a tokenizer and preset the core accepts. */
export const isTrainRequest: Check<TrainRequest> = (v): v is TrainRequest => {
  if (!isRequestFields(v)) return false;
  const preset = own(v, 'preset');
  if (!isObj(preset)) return false;
  try {
    parseTokenizer(own(v, 'tokenizer'));
    validatePreset(preset as TrainPreset);
    return true;
  } catch {
    return false;
  }
};

const isSkipped = objectOf({ engine: isStr, reason: isStr });

/** The events of a run, one line each. */
export const trainEvents = {
  trainStarted: message({
    runId: isStr, modelName: isStr, sourceLabel: isStr, engine: isStr, adapter: optional(isStr), engineDetail: optional(isStr),
    skipped: arrayOf(isSkipped, 256), vocabSize: isNum, corpusTokens: isNum, totalEpochs: isNum,
    notice: optional(isStr),
    /** Epochs already done (a resumed run's history). */
    history: arrayOf(isEpochPoint, MAX_EPOCHS),
  }),
  trainProgress: message({ runId: isStr, epoch: isNum, batch: isNum, batches: isNum, loss: isAnyNum, tokensPerSec: isNum }),
  trainEpoch: message({ runId: isStr, ...EPOCH_FIELDS }),
  trainSample: message({ runId: isStr, epoch: isNum, text: isStr }),
  checkpoint: message({ runId: isStr, epoch: isNum, checkpoint: isCheckpointBytes, final: isBool }),
  trainEnded: message({ runId: isStr, outcome: oneOf(TRAIN_OUTCOMES), message: optional(isStr) }),
};

export type TrainEvent = MessageOf<typeof trainEvents>;

/** A training event from the worker (and relayed by the panel), or undefined. */
export function parseTrainEvent(v: unknown): TrainEvent | undefined {
  return parseMessage(trainEvents, v);
}

/** A run's reports as the events of run `runId`, posted with the buffers they may transfer. */
export function reportAsEvents(runId: string, post: (event: TrainEvent, transfer?: ArrayBuffer[]) => void): RunReporter {
  return {
    started: (run, history) => post({ type: 'trainStarted', ...run, history }),
    progress: (p) => post({ type: 'trainProgress', runId, ...p }),
    epoch: (r) => post({ type: 'trainEpoch', runId, ...r }),
    sample: (epoch, text) => post({ type: 'trainSample', runId, epoch, text }),
    checkpoint: (epoch, checkpoint, final) => post({ type: 'checkpoint', runId, epoch, checkpoint, final }, [checkpoint.weights.buffer as ArrayBuffer]),
    ended: (outcome, message) => post({ type: 'trainEnded', runId, outcome, message }),
  };
}
