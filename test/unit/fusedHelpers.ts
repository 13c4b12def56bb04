/** Shared pieces of the fused engine's tests: kernels, engines, minibatches, comparisons. */
import type { Minibatch } from '../../src/core/data/minibatch';
import type { ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import type { ParamSet } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';

/** fused.wasm, read once (build it with node scripts/build-wasm.mjs). */
export const fusedWasm = loadFusedWasm();

/** A random minibatch whose targets are the inputs shifted by one, like d2l's. */
export function randomBatch(rng: Rng, vocabSize: number, batchSize: number, numSteps: number): Minibatch {
  const corpus = Int32Array.from({ length: batchSize * (numSteps + 1) }, () => rng.int(0, vocabSize - 1));
  const inputs = new Int32Array(batchSize * numSteps);
  const targets = new Int32Array(batchSize * numSteps);
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < numSteps; t++) {
      inputs[b * numSteps + t] = corpus[b * (numSteps + 1) + t];
      targets[b * numSteps + t] = corpus[b * (numSteps + 1) + t + 1];
    }
  }
  return { inputs, targets, batchSize, numSteps };
}

/** Weights larger than d2l's 0.01 so every gate saturates a little and gradients are not tiny. */
export function testParams(config: ModelConfig, seed = 1): ParamSet {
  const params = initParams(config, seed, 0.3);
  const rng = new Rng(seed + 7);
  for (const [name, v] of params) if (/(^|\.)b_/.test(name)) v.forEach((_, i) => (v[i] = rng.normal() * 0.1));
  return params;
}

export function sgdEngine(config: ModelConfig, params: ParamSet, lr = 0.5, clipTheta = 1): Promise<FusedEngine> {
  return FusedEngine.create({ wasm: fusedWasm, config, params, optimizer: { kind: 'sgd', lr, clipTheta } });
}

/** max |a − b| / max |b|: the error relative to the tensor's scale. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? err : err / scale;
}

/** The largest relDiff over every named tensor, with its name. */
export function worstParam(a: Map<string, ArrayLike<number>>, b: Map<string, ArrayLike<number>>): { name: string; diff: number } {
  let worst = { name: '', diff: 0 };
  for (const [name, ref] of b) {
    const got = a.get(name);
    if (!got) throw new Error(`missing ${name}`);
    const diff = relDiff(got, ref);
    if (diff > worst.diff) worst = { name, diff };
  }
  return worst;
}
