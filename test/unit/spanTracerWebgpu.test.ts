/**
 * Which engine traces the explorer's span under lstmLens.backend, on this machine's real Dawn
 * (the optional npm package webgpu): where it finds no adapter (no GPU, or a Vulkan driver too
 * old for it), `webgpu` and `auto` trace on the fused tracer and the log says why; where it finds
 * one, `webgpu` traces on it; other settings never load Dawn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { createNodeWebGpuTracer, nodeGpu } from '../../src/core/engine/nodeWebGpu';
import { SOFTWARE_RENDERER } from '../../src/core/engine/gpuAdapterName';
import type { EngineChoice } from '../../src/core/train/runSpec';
import { errorText } from '../../src/core/util/errorText';
import { SpanTracer } from '../../src/extension/explore/spanTracer';
import { randomModel } from '../fixtures/editor/models';

/** Why Dawn gives no adapter here, or undefined when it gives one. */
const noDawnAdapter: Promise<string | undefined> = nodeGpu().then(() => undefined, (e: unknown) => errorText(e));

function tracerFor(choice: EngineChoice, reasons: string[]): SpanTracer {
  return new SpanTracer(loadFusedWasm, (r) => reasons.push(r), { backend: () => choice, open: createNodeWebGpuTracer });
}

const model = randomModel({ cell: 'lstm', hiddenSize: 6, numLayers: 2 }, 'abc \n');
const tokens = [1, 2, 3, 4, 1, 0, 2];

for (const choice of ['webgpu', 'auto'] as const) {
  test(`backend ${choice}: the fused tracer where Dawn has no adapter, saying why (else WebGPU)`, async () => {
    const reasons: string[] = [];
    const tracer = tracerFor(choice, reasons);
    try {
      const engine = await tracer.engineFor(model.checkpoint, 1);
      const traced = await engine.trace(tokens, {});
      const why = await noDawnAdapter;
      if (why !== undefined) {
        assert.equal(engine.name, 'fused-wasm');
        assert.equal(traced.engine, 'fused-wasm');
        assert.deepEqual(reasons, [`WebGPU does not trace here (${why}); tracing on fused-wasm.`]);
        assert.match(why, /no GPU adapter|did not load/);
        // found once: the next revision does not probe Dawn again, nor say it again
        await tracer.engineFor(model.checkpoint, 2);
        assert.equal(reasons.length, 1);
      } else {
        const hardware = !(await createNodeWebGpuTracer(model.checkpoint.config, model.checkpoint.params).then((t) => {
          const soft = t.softwareAdapter || SOFTWARE_RENDERER.test(t.adapterName);
          t.dispose();
          return soft;
        }));
        assert.equal(traced.engine, choice === 'webgpu' || hardware ? 'webgpu' : 'fused-wasm');
      }
      assert.equal(traced.gates.steps.length, tokens.length);
    } finally {
      tracer.dispose();
    }
  });
}

test('backend fused (or any CPU setting) never opens WebGPU', async () => {
  let opened = 0;
  const reasons: string[] = [];
  const tracer = new SpanTracer(loadFusedWasm, (r) => reasons.push(r), {
    backend: () => 'fused',
    open: (config, params) => {
      opened++;
      return createNodeWebGpuTracer(config, params);
    },
  });
  const engine = await tracer.engineFor(model.checkpoint, 1);
  assert.equal(engine.name, 'fused-wasm');
  assert.equal((await engine.trace(tokens, {})).engine, 'fused-wasm');
  assert.equal(opened, 0);
  assert.deepEqual(reasons, []);
});
