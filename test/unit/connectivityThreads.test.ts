import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/core/model/config';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { evenPositions } from '../../src/core/analysis/connectivity/memoryCurve';
import { ForwardSplit } from '../../src/core/engine/fused/infer/forwardSplit';
import { loadFusedWasm } from '../../src/core/engine/fused/kernels/nodeLoader';
import { wasmApi } from '../../src/core/engine/fused/kernels/wasmApi';
import { NodeFusedThreads } from '../../src/core/engine/fused/threads/nodeThreads';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, relDiff, testParams } from './fusedHelpers';

test('with a split, groups of positions run in the worker threads and give what one thread gives', async () => {
  const config: ModelConfig = { cell: 'gru', vocabSize: 9, hiddenSize: 12, numLayers: 2 };
  const params = testParams(config, 3);
  const pool = new NodeFusedThreads(1);
  let passes = 0;
  const shareLanes = pool.shareLanes.bind(pool);
  pool.shareLanes = (text, groups, queue) => (passes++, shareLanes(text, groups, queue));
  const shared = new (wasmApi().Module)(loadFusedWasm('fused-threads'));
  const threaded = FusedConnectivity.fromModule(shared, config, params, new ForwardSplit(pool, (reason) => assert.fail(reason)));
  assert.equal(await threaded.threadsStarted, 2);
  const single = await FusedConnectivity.create(fusedWasm, config, params);
  const rng = new Rng(9);
  const tokens = Array.from({ length: 900 }, () => rng.int(0, 8));
  const positions = [...evenPositions(tokens.length, 60, 200), 5, 150];
  const got = threaded.ofSteps(tokens, positions);
  const want = single.ofSteps(tokens, positions);
  assert.equal(passes, 1);
  positions.forEach((t, i) => {
    assert.equal(got[i].t, t);
    assert.ok(relDiff(got[i].byDistance, want[i].byDistance) <= 1e-6, `t = ${t}`);
  });
  const few = threaded.ofSteps(tokens, positions.slice(0, 3));
  assert.equal(passes, 1, 'a few positions stay in the caller\'s thread');
  few.forEach((c, i) => assert.ok(relDiff(c.byDistance, want[i].byDistance) <= 1e-6));
  threaded.dispose();
});
