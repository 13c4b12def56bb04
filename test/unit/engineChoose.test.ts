import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEngine, type EngineCandidate } from '../../src/core/engine/chooseEngine';
import { TfjsEngine } from '../../src/core/engine/tfjsEngine';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { FusedEngine } from '../../src/core/engine/fused/train/fusedEngine';
import type { OptimizerConfig } from '../../src/core/engine/engine';
import type { ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { cloneParams } from '../../src/core/model/paramSpec';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, randomBatch } from './fusedHelpers';

const config: ModelConfig = { cell: 'lstm', vocabSize: 12, hiddenSize: 48, numLayers: 1 };
const sgd: OptimizerConfig = { kind: 'sgd', lr: 1, clipTheta: 1 };

/** `wasm`: the module's bytes; a truncated file stands for a damaged or missing fused.wasm. */
function candidates(optimizer: OptimizerConfig, initial = initParams(config, 3), wasm: Uint8Array = fusedWasm): EngineCandidate[] {
  return [
    { name: 'fused-wasm', create: () => FusedEngine.create({ wasm, config, params: cloneParams(initial), optimizer }) },
    { name: 'tfjs-webgl', skipReason: 'no WebGL in Node', create: () => Promise.reject(new Error('unreachable')) },
    {
      name: 'tfjs-cpu',
      create: async () => {
        await useBackend('cpu');
        return new TfjsEngine(config, cloneParams(initial), optimizer);
      },
    },
  ];
}

test('the probe picks the engine with the fastest measured step and says why the others lost', async () => {
  const batch = randomBatch(new Rng(1), config.vocabSize, 8, 10);
  const initial = initParams(config, 3);
  const result = await chooseEngine(candidates(sgd, initial), batch);
  try {
    const fastest = Object.entries(result.stepMs).sort((a, b) => a[1] - b[1])[0][0];
    assert.equal(result.engine.name, fastest);
    assert.ok(result.skipped.some((s) => s.engine === 'tfjs-webgl' && s.reason === 'no WebGL in Node'));
    const loser = result.engine.name === 'fused-wasm' ? 'tfjs-cpu' : 'fused-wasm';
    assert.match(result.skipped.find((s) => s.engine === loser)?.reason ?? '', /slower in the probe/);
    // the chosen engine starts from the initial weights, untouched by the probe's updates
    assert.deepEqual(await result.engine.getParams(), initial);
  } finally {
    result.engine.dispose();
  }
});

const damaged = fusedWasm.slice(0, 64);

test('a candidate that cannot start is skipped with its own error', async () => {
  const batch = randomBatch(new Rng(2), config.vocabSize, 4, 6);
  const result = await chooseEngine(candidates(sgd, initParams(config, 3), damaged), batch);
  try {
    assert.equal(result.engine.name, 'tfjs-cpu');
    assert.match(result.skipped.find((s) => s.engine === 'fused-wasm')?.reason ?? '', /failed to run: .*WebAssembly/i);
  } finally {
    result.engine.dispose();
  }
});

test('with no engine that works the error lists every reason', async () => {
  const batch = randomBatch(new Rng(3), config.vocabSize, 4, 6);
  await assert.rejects(chooseEngine(candidates(sgd, initParams(config, 3), damaged).slice(0, 2), batch), /fused-wasm: failed to run.*tfjs-webgl: no WebGL in Node/);
});

/** An engine whose step takes `ms` of busy time, counting its steps (the probe's timing, not its numbers, is under test). */
function timedEngine(name: string, ms: number, steps: { count: number }): EngineCandidate {
  return {
    name,
    create: async () => ({
      name,
      config,
      trainStep: async () => {
        steps.count++;
        const end = performance.now() + ms;
        while (performance.now() < end);
        return { loss: 1, gradNorm: 1 };
      },
      getParams: async () => initParams(config, 1),
      setParams: async () => undefined,
      dispose: () => undefined,
    }),
  };
}

test('a sub-millisecond step is timed over a round of many steps, so a small gap between engines is measured, not drawn', async () => {
  const batch = randomBatch(new Rng(4), config.vocabSize, 4, 6);
  const slow = { count: 0 };
  const quick = { count: 0 };
  const result = await chooseEngine([timedEngine('slower', 0.8, slow), timedEngine('quicker', 0.1, quick)], batch);
  assert.equal(result.engine.name, 'quicker');
  // the warm-up step, then two rounds of more than one step each (ROUND_MS / the warm-up's time)
  assert.ok(slow.count > 3 && quick.count > 3, `${slow.count} and ${quick.count} steps timed`);
  assert.ok(result.stepMs.slower >= 0.8 && result.stepMs.quicker >= 0.1 && result.stepMs.quicker < result.stepMs.slower);
  assert.match(result.skipped.find((s) => s.engine === 'slower')?.reason ?? '', /slower in the probe: \d+\.\d ms a minibatch against \d+\.\d ms for quicker/);
});
