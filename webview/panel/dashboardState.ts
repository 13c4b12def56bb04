/**
 * The training dashboard's state as a pure reducer over the protocol's training events, so
 * the view can be redrawn from it at any time and restored after a window reload.
 */
import type { EpochPoint, RunInfo, TrainEvent, TrainOutcome } from '../../src/protocol/training';

export interface DashboardState extends RunInfo {
  readonly epochs: readonly EpochPoint[];
  /** Progress within the current epoch. */
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly tokensPerSec: number;
  readonly samples: readonly { readonly epoch: number; readonly text: string }[];
  /** Wall-clock milliseconds when this run (or its resumption) started, for elapsed and ETA. */
  readonly startedAt: number;
  /** Epochs already done when this session started (a resumed run's history). */
  readonly startEpochs: number;
  readonly lastCheckpointEpoch?: number;
  readonly outcome?: TrainOutcome | 'interrupted';
  readonly message?: string;
}

/** Applies one event; events of another run than the current one are ignored, except a start. */
export function reduceDashboard(state: DashboardState | undefined, ev: TrainEvent, now: number): DashboardState | undefined {
  if (ev.type === 'trainStarted') {
    const { type: _type, history, ...run } = ev;
    return {
      ...run,
      epochs: history,
      epoch: history.length + 1,
      batch: 0,
      batches: 0,
      tokensPerSec: 0,
      samples: state?.runId === ev.runId ? state.samples : [],
      startedAt: now,
      startEpochs: history.length,
    };
  }
  if (!state || state.runId !== ev.runId) return state;
  switch (ev.type) {
    case 'trainProgress':
      return { ...state, epoch: ev.epoch, batch: ev.batch, batches: ev.batches, tokensPerSec: ev.tokensPerSec };
    case 'trainEpoch': {
      const point: EpochPoint = { epoch: ev.epoch, perplexity: ev.perplexity, tokensPerSec: ev.tokensPerSec, tokens: ev.tokens, seconds: ev.seconds };
      return { ...state, epochs: [...state.epochs.filter((p) => p.epoch !== ev.epoch), point], tokensPerSec: ev.tokensPerSec };
    }
    case 'trainSample':
      return { ...state, samples: [...state.samples, { epoch: ev.epoch, text: ev.text }].slice(-20) };
    case 'checkpoint':
      return { ...state, lastCheckpointEpoch: ev.epoch };
    case 'trainEnded':
      return { ...state, outcome: ev.outcome, message: ev.message };
  }
}

/** Epochs done, counting the current one's finished minibatches, as a fraction of all. */
export function progressFraction(s: DashboardState): number {
  if (s.totalEpochs <= 0) return 0;
  const done = s.epochs.length + (s.batches > 0 && !s.outcome ? s.batch / s.batches : 0);
  return Math.min(1, done / s.totalEpochs);
}

/** Seconds left at this session's pace; undefined before it has made progress or after the end. */
export function etaSeconds(s: DashboardState, now: number): number | undefined {
  const epochsDone = progressFraction(s) * s.totalEpochs;
  const doneHere = epochsDone - s.startEpochs;
  if (doneHere <= 0 || s.outcome) return undefined;
  return (((now - s.startedAt) / 1000) / doneHere) * (s.totalEpochs - epochsDone);
}

export function isRunning(s: DashboardState | undefined): boolean {
  return s !== undefined && s.outcome === undefined;
}
