/**
 * Picks the fastest engine for a run by measuring it: each candidate trains a few minibatches
 * of the real model on the run's first minibatch, and the one with the shortest timed step
 * wins. Probes run on copies of the initial weights and are thrown away, so the run itself
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

export interface ChooseOptions {
  /** Timed steps after one warm-up step (default 2); the fastest of them counts. */
  readonly timedSteps?: number;
  /** Stop probing a candidate whose warm-up step is this many times the best timed step (default 4). */
  readonly giveUpFactor?: number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** One minibatch's time. A non-finite loss is the run's business (the trainer stops on it), not the probe's. */
async function time(engine: TrainEngine, batch: Minibatch): Promise<number> {
  const t0 = performance.now();
  await engine.trainStep(batch, true);
  return performance.now() - t0;
}

/**
 * Probes `candidates` in order (put the likely fastest first: later, slower ones give up
 * after their warm-up step) and returns a fresh engine of the fastest. Throws, listing every
 * reason, when none works.
 */
export async function chooseEngine(candidates: readonly EngineCandidate[], batch: Minibatch, options: ChooseOptions = {}): Promise<EngineChoiceResult> {
  const timedSteps = options.timedSteps ?? 2;
  const giveUp = options.giveUpFactor ?? 4;
  const skipped: SkippedCandidate[] = [];
  const stepMs: Record<string, number> = {};
  let best: EngineCandidate | undefined;
  for (const c of candidates) {
    if (c.skipReason) {
      skipped.push({ engine: c.name, reason: c.skipReason });
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
      let ms = warm;
      for (let i = 0; i < timedSteps; i++) ms = Math.min(ms, await time(engine, batch));
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
  if (!best) throw new Error(`No engine could train this model: ${skipped.map((s) => `${s.engine}: ${s.reason}`).join('; ')}`);
  return { engine: await best.create(), skipped, stepMs };
}
