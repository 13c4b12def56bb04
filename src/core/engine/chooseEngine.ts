/**
 * Picks the fastest engine for a run by measuring it: each candidate trains a few minibatches
 * of the real model on the run's first minibatch, and the one with the shortest timed step
 * wins. A step of a small model takes well under a millisecond, where one step's time is mostly
 * the clock's and the scheduler's noise, so a timed round repeats the step until it has lasted
 * ROUND_MS and counts the mean. Probes run on copies of the initial weights and are thrown away, so the run itself
 * starts from exactly the weights it would have had without a probe.
 */
import type { Minibatch } from '../data/minibatch';
import type { TrainEngine } from './engine';

export interface EngineCandidate {
  /** Shown to the user: 'fused-wasm', 'tfjs-webgl', ... */
  readonly name: string;
  /** Why this candidate is not even tried (software GL, SGD only, ...). */
  readonly skipReason?: string;
  /** Builds the engine on the run's initial weights. */
  create(): Promise<TrainEngine>;
  /**
   * The candidate this one adds to (fused-wasm-4w to fused-wasm-2w: more workers): where that
   * one is in the probe, this is tried only when it was timed and is the fastest so far, so a
   * series stops where adding stops paying.
   */
  readonly after?: string;
  /** Called once the probe is over, won or lost: lets go of what was kept between tries (started shard workers). */
  afterProbe?(): void;
}

export interface SkippedCandidate {
  readonly engine: string;
  readonly reason: string;
}

export interface EngineChoiceResult {
  /** A fresh engine of the winner, on the initial weights. */
  readonly engine: TrainEngine;
  readonly skipped: readonly SkippedCandidate[];
  /** Milliseconds of one timed minibatch per probed engine. */
  readonly stepMs: Readonly<Record<string, number>>;
}

/** How long a timed round lasts at least (it repeats the step), and how many steps it takes at most. */
const ROUND_MS = 20;
const MAX_ROUND_STEPS = 64;

export interface ChooseOptions {
  /** Timed rounds after one warm-up step (default 2); the fastest round's mean step counts. */
  readonly rounds?: number;
  /** Stop probing a candidate whose warm-up step is this many times the best timed step (default 4). */
  readonly giveUpFactor?: number;
}

/** Why `c` is not worth trying after the candidate it adds to, or undefined when it is. */
export function notWorthTrying(c: EngineCandidate, probed: ReadonlySet<string>, stepMs: Readonly<Record<string, number>>, best: EngineCandidate | undefined): string | undefined {
  if (c.after === undefined || !probed.has(c.after) || (best && best.name === c.after)) return undefined;
  const ms = stepMs[c.after];
  if (ms === undefined || !best) return `not tried: ${c.after}, which it adds to, was not timed`;
  return `not tried: ${c.after}, which it adds to, was slower than ${best.name} (${ms.toFixed(1)} ms a minibatch against ${stepMs[best.name].toFixed(1)} ms)`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The mean time of `steps` minibatches in a row. A non-finite loss is the run's business (the
 * trainer stops on it), not the probe's.
 */
async function time(engine: TrainEngine, batch: Minibatch, steps = 1): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await engine.trainStep(batch, true);
  return (performance.now() - t0) / steps;
}

/**
 * Probes `candidates` in order (put the likely fastest first: later, slower ones give up
 * after their warm-up step; a series that adds to its last, like more shard workers, stops at
 * the first that does not beat it) and returns a fresh engine of the fastest. Throws, listing
 * every reason, when none works.
 */
export async function chooseEngine(candidates: readonly EngineCandidate[], batch: Minibatch, options: ChooseOptions = {}): Promise<EngineChoiceResult> {
  const rounds = options.rounds ?? 2;
  const giveUp = options.giveUpFactor ?? 4;
  const skipped: SkippedCandidate[] = [];
  const stepMs: Record<string, number> = {};
  let best: EngineCandidate | undefined;
  const probed = new Set(candidates.map((c) => c.name));
  for (const c of candidates) {
    const skipReason = c.skipReason ?? notWorthTrying(c, probed, stepMs, best);
    if (skipReason) {
      skipped.push({ engine: c.name, reason: skipReason });
      continue;
    }
    let engine: TrainEngine | undefined;
    try {
      engine = await c.create();
      const warm = await time(engine, batch);
      const bestMs = best ? stepMs[best.name] : Infinity;
      if (warm > giveUp * bestMs) {
        skipped.push({ engine: c.name, reason: `slower in the probe: ${warm.toFixed(0)} ms a minibatch against ${bestMs.toFixed(0)} ms for ${best?.name}` });
        continue;
      }
      const steps = Math.min(MAX_ROUND_STEPS, Math.max(1, Math.ceil(ROUND_MS / Math.max(warm, 0.01))));
      let ms = warm;
      for (let i = 0; i < rounds; i++) ms = Math.min(ms, await time(engine, batch, steps));
      stepMs[c.name] = ms;
      if (!best || ms < stepMs[best.name]) {
        if (best) skipped.push({ engine: best.name, reason: `slower in the probe: ${stepMs[best.name].toFixed(1)} ms a minibatch against ${ms.toFixed(1)} ms for ${c.name}` });
        best = c;
      } else {
        skipped.push({ engine: c.name, reason: `slower in the probe: ${ms.toFixed(1)} ms a minibatch against ${stepMs[best.name].toFixed(1)} ms for ${best.name}` });
      }
    } catch (e) {
      skipped.push({ engine: c.name, reason: `failed to run: ${message(e)}` });
    } finally {
      engine?.dispose();
    }
  }
  try {
    if (!best) throw new Error(`No engine could train this model: ${skipped.map((s) => `${s.engine}: ${s.reason}`).join('; ')}`);
    return { engine: await best.create(), skipped, stepMs };
  } finally {
    for (const c of candidates) c.afterProbe?.();
  }
}
