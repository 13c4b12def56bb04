/**
 * A GPU engine whose device is lost mid-run (a driver reset, the GPU process gone, the browser
 * reclaiming it) must not hang the trainer on a minibatch that never completes: once the device
 * is lost, the minibatch in flight and every later one reject with GpuDeviceLostError, which the
 * run treats as any engine failure (it goes on on the next engine from its last epoch).
 */
import type { TrainEngine } from './engine';

/** What a GPU engine adds to TrainEngine: its adapter, and the loss of its device. */
export interface GpuTrainEngine extends TrainEngine {
  readonly adapterName: string;
  /** Resolves with the reason when the device is lost. */
  readonly lost: Promise<string>;
}

export class GpuDeviceLostError extends Error {
  constructor(engine: string, reason: string) {
    super(`the GPU device of ${engine} was lost (${reason || 'no reason given'})`);
    this.name = 'GpuDeviceLostError';
  }
}

/** `engine` as a TrainEngine that names its adapter and fails its minibatches once its device is lost. */
export function failingOnDeviceLoss(engine: GpuTrainEngine): TrainEngine {
  let lostError: GpuDeviceLostError | undefined;
  const lost = engine.lost.then((reason) => {
    lostError = new GpuDeviceLostError(engine.name, reason);
    throw lostError;
  });
  // Disposing the engine destroys its device, which resolves `lost` with no minibatch waiting.
  lost.catch(() => undefined);
  return {
    name: engine.name,
    adapter: engine.adapterName,
    config: engine.config,
    trainStep: (batch, resetState) => (lostError ? Promise.reject(lostError) : Promise.race([engine.trainStep(batch, resetState), lost])),
    getParams: () => engine.getParams(),
    setParams: (params) => engine.setParams(params),
    dispose: () => engine.dispose(),
  };
}
