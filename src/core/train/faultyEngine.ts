/**
 * A real engine that breaks on purpose after a number of minibatches, the way a lost WebGL
 * context breaks tf.js mid-run: its `trainStep` throws from then on. Only for trying the
 * fall-back-to-another-engine path (`lstmLens.debug.failEngineAfterBatches`); every other
 * call goes to the engine it wraps.
 */
import type { TrainEngine } from '../engine/engine';

export class InjectedEngineFault extends Error {
  constructor(engine: string, batches: number) {
    super(`${engine} stopped working after ${batches} minibatches (a fault injected by lstmLens.debug.failEngineAfterBatches)`);
    this.name = 'InjectedEngineFault';
  }
}

/** `engine`, except that every trainStep after the first `batches` throws InjectedEngineFault. */
export function failingAfter(engine: TrainEngine, batches: number): TrainEngine {
  let done = 0;
  return {
    name: engine.name,
    adapter: engine.adapter,
    detail: engine.detail,
    config: engine.config,
    trainStep: (batch, resetState) => {
      if (done >= batches) return Promise.reject(new InjectedEngineFault(engine.name, batches));
      done++;
      return engine.trainStep(batch, resetState);
    },
    getParams: () => engine.getParams(),
    setParams: (params) => engine.setParams(params),
    dispose: () => engine.dispose(),
  };
}
