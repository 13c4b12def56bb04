/**
 * Generating text: d2l's predict_ch8 (warm the state up on the prefix, then append the argmax
 * and feed it back), or sampling with a temperature and an optional top-k cut, from a seeded
 * Rng so the same seed gives the same text in the host, the worker and the CLI.
 */
import type { ModelConfig } from '../model/config';
import type { Rng } from '../util/rng';
import { softmax, topK } from './distribution';
import { InferState, cloneInferState } from './inferState';
import type { WeightSource } from './packedModel';
import { Stepper } from './stepper';

/** How the next token is chosen from the logits. */
export type SamplingStrategy =
  /** argmax, as predict_ch8. */
  | { readonly kind: 'greedy' }
  /** softmax(y / T), restricted to the k most probable tokens when topK is given. */
  | { readonly kind: 'sample'; readonly temperature: number; readonly topK?: number; readonly rng: Rng };

/** The smallest temperature used: softmax(y / 1e-3) already puts all but ~e^-1000 on the argmax of any logits a step a unit apart. */
export const MIN_TEMPERATURE = 1e-3;

/** Picks the next token from logits y [V]. */
export function pickToken(logits: ArrayLike<number>, strategy: SamplingStrategy): number {
  if (strategy.kind === 'greedy') return topK(logits, 1)[0].token;
  if (!(strategy.temperature > 0)) throw new Error(`Temperature must be positive, got ${strategy.temperature}`);
  // A subnormal T makes y / T infinite: below MIN_TEMPERATURE sampling is as good as greedy anyway.
  const temperature = Math.max(strategy.temperature, MIN_TEMPERATURE);
  const probs = softmax(Array.from(logits, (y) => y / temperature));
  const candidates = topK(probs, strategy.topK ?? probs.length);
  const total = candidates.reduce((s, c) => s + c.prob, 0);
  let u = strategy.rng.next() * total;
  for (const c of candidates) {
    u -= c.prob;
    if (u < 0) return c.token;
  }
  return candidates[candidates.length - 1].token;
}

export interface Generated {
  /** The prefix followed by the generated tokens (predict_ch8's `outputs`). */
  readonly tokens: number[];
  /** The state after the last generated token was read. */
  readonly state: InferState;
}

/**
 * predict_ch8: reads the prefix (from `fromState` or zero), then appends `numPreds` tokens,
 * each chosen from the logits after reading the one before.
 */
export function generate(
  model: Stepper | WeightSource,
  config: ModelConfig,
  prefix: readonly number[],
  numPreds: number,
  strategy: SamplingStrategy = { kind: 'greedy' },
  fromState?: InferState,
): Generated {
  if (prefix.length === 0) throw new Error('Generation needs a prefix of at least one token');
  const stepper = model instanceof Stepper ? model : new Stepper(model, config);
  const state = stepper.run(prefix, fromState ? cloneInferState(fromState) : stepper.zeroState());
  const tokens = [...prefix];
  for (let i = 0; i < numPreds; i++) {
    const next = pickToken(stepper.logits(state), strategy);
    tokens.push(next);
    stepper.step(next, state);
  }
  return { tokens, state };
}
