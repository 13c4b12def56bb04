/**
 * trace(): every gate of every layer at every step of a text, the model's top-k guesses for the
 * next token and how surprised it was by each token; what the gate explorer and the hovers
 * show. Incremental: pass a trace's finalState as fromState to continue where it stopped.
 */
import type { ModelConfig } from '../model/config';
import { TokenProb, logSoftmax, topKOfLogProbs } from './distribution';
import { InferState, cloneInferState } from './inferState';
import { Stepper, TRACE_GATES } from './stepper';
import type { WeightSource } from './packedModel';

/** One step of a trace: the token read, what each layer computed, and what came of it. */
export interface TraceStep {
  readonly token: number;
  /**
   * Per layer, TRACE_GATES[cell] → [h] values after reading `token`: I, F, O, C_tilde, C, H
   * for the LSTM; R, Z, H_tilde, H for the GRU; H for the RNN.
   */
  readonly layers: readonly Readonly<Record<string, Float32Array>>[];
  /**
   * −log p(token | everything before it) in nats: how unexpected this token was. For the first
   * token it is measured from `fromState` (from the zero state, the head's bias alone).
   */
  readonly surprisal: number;
  /** The k most probable next tokens after this one. */
  readonly topK: readonly TokenProb[];
}

export interface GateTrace {
  readonly config: ModelConfig;
  readonly steps: readonly TraceStep[];
  /** The state after the last token, to continue the trace (or generation) from. */
  readonly finalState: InferState;
}

export interface TraceOptions {
  /** Where to start (a previous trace's finalState); the zero state when absent. */
  readonly fromState?: InferState;
  /** How many next-token candidates per step (default 5). */
  readonly topK?: number;
}

/** Traces `tokens` through the model; accepts a Stepper to reuse its packed weights. */
export function trace(model: Stepper | WeightSource, config: ModelConfig, tokens: ArrayLike<number>, options: TraceOptions = {}): GateTrace {
  const stepper = model instanceof Stepper ? model : new Stepper(model, config);
  const state = options.fromState ? cloneInferState(options.fromState) : stepper.zeroState();
  const steps = [...traceSteps(stepper, tokens, state, options.topK)];
  return { config, steps, finalState: state };
}

/**
 * The steps of a trace one at a time, advancing `state` in place: a reader that writes each step
 * out as it comes (the CLI's trace) holds one step in memory, not the whole text's.
 */
export function* traceSteps(stepper: Stepper, tokens: ArrayLike<number>, state: InferState, topK = 5): Generator<TraceStep> {
  const { config } = stepper;
  const names = TRACE_GATES[config.cell];
  let logProbs = logSoftmax(stepper.logits(state));
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    stepper.step(token, state);
    const layers = Array.from({ length: config.numLayers }, (_, k) => {
      const g = stepper.gatesOf(k);
      return Object.fromEntries(names.map((n) => [n, Float32Array.from(g[n])]));
    });
    const surprisal = -logProbs[token];
    logProbs = logSoftmax(stepper.logits(state));
    yield { token, layers, surprisal, topK: topKOfLogProbs(logProbs, topK) };
  }
}
