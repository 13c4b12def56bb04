import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/core/model/config';
import type { ParamSet } from '../../src/core/model/paramSpec';
import { FusedConnectivity } from '../../src/core/analysis/connectivity/fusedConnectivity';
import { evenPositions, memoryLengthCurve } from '../../src/core/analysis/connectivity/memoryCurve';
import { scheduleLanes } from '../../src/core/analysis/connectivity/laneSchedule';
import { topLookedBack } from '../../src/core/analysis/connectivity/topLookedBack';
import { Rng } from '../../src/core/util/rng';
import { Stepper } from '../../src/core/infer/stepper';
import { fusedWasm, relDiff, testParams } from './fusedHelpers';

const LSTM2: ModelConfig = { cell: 'lstm', vocabSize: 9, hiddenSize: 12, numLayers: 2 };

function randomTokens(seed: number, length: number, vocabSize: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length }, () => rng.int(0, vocabSize - 1));
}

test('positions read side by side as lanes give what each gives alone (overlapping, repeated, near the start)', async () => {
  for (const config of [LSTM2, { ...LSTM2, cell: 'gru' as const }, { ...LSTM2, cell: 'rnn' as const, numLayers: 1 }]) {
    const fused = await FusedConnectivity.create(fusedWasm, config, testParams(config, 3));
    const tokens = randomTokens(8, 400, config.vocabSize);
    const positions = [390, 3, 250, 251, 250, 0, 120, 398, 205];
    const together = fused.ofSteps(tokens, positions);
    assert.equal(together.length, positions.length);
    positions.forEach((t, i) => {
      const alone = fused.ofStep(tokens, t);
      assert.equal(together[i].t, t);
      assert.equal(together[i].byDistance.length, alone.byDistance.length);
      assert.ok(relDiff(together[i].byDistance, alone.byDistance) <= 1e-6, `${config.cell} t = ${t}`);
    });
  }
});

test('a shorter window gives the first distances of a longer one (both read the text\'s own activations)', async () => {
  const fused = await FusedConnectivity.create(fusedWasm, LSTM2, testParams(LSTM2, 4));
  const tokens = randomTokens(2, 300, LSTM2.vocabSize);
  const long = fused.ofStep(tokens, 280, 200);
  const short = fused.ofStep(tokens, 280, 30);
  assert.equal(short.byDistance.length, 31);
  // the gradient to x_{t−k} flows only through steps t−k..t, all inside both windows
  assert.ok(relDiff(short.byDistance, long.byDistance.subarray(0, 31)) <= 1e-6);
});

test('a slice of a document read from the real state at its start gives the whole document\'s numbers (an editor reads slices)', async () => {
  for (const config of [LSTM2, { ...LSTM2, cell: 'gru' as const, numLayers: 1 }]) {
    const params = testParams(config, 6);
    const fused = await FusedConnectivity.create(fusedWasm, config, params);
    const whole = randomTokens(9, 700, config.vocabSize);
    const from = 321;
    const start = new Stepper(params, config).run(Int32Array.from(whole.slice(0, from)));
    const slice = whole.slice(from);
    for (const t of [from + 50, from + 260]) {
      const inWhole = fused.ofStep(whole, t);
      const inSlice = fused.ofStep(slice, t - from, 200, start);
      assert.equal(inSlice.byDistance.length, Math.min(201, t - from + 1));
      assert.ok(relDiff(inSlice.byDistance, inWhole.byDistance.subarray(0, inSlice.byDistance.length)) <= 1e-5, `${config.cell} t = ${t}`);
    }
  }
});

test('the memory-length curve is the mean of the single positions, per distance, with the count at each', async () => {
  const fused = await FusedConnectivity.create(fusedWasm, LSTM2, testParams(LSTM2, 5));
  const tokens = randomTokens(3, 700, LSTM2.vocabSize);
  const window = 50;
  const positions = [...evenPositions(tokens.length, 12, window), 20];
  const curve = fused.curve(tokens, positions, window);
  assert.equal(curve.positions, positions.length);
  assert.equal(curve.mean.length, window + 1);
  const singles = positions.map((t) => fused.ofStep(tokens, t, window));
  for (let k = 0; k <= window; k++) {
    const reaching = singles.filter((s) => s.byDistance.length > k);
    assert.equal(curve.counts[k], reaching.length);
    const mean = reaching.reduce((sum, s) => sum + s.byDistance[k], 0) / reaching.length;
    assert.ok(Math.abs(curve.mean[k] - mean) <= 1e-6 * mean, `k = ${k}: ${curve.mean[k]} vs ${mean}`);
  }
  assert.ok(curve.counts[window] === positions.length - 1, 'the position at 20 reaches back 20 only');
  assert.ok(Number.isNaN(memoryLengthCurve([], window).mean[0]));
});

/** testParams with every forget-gate bias set to `bias`. */
function withForgetBias(config: ModelConfig, bias: number): ParamSet {
  const params = testParams(config, 9);
  for (let l = 0; l < config.numLayers; l++) (params.get(`l${l}.b_f`) as Float32Array).fill(bias);
  return params;
}

test('an LSTM whose forget gate is held open looks further back than one whose forget gate is shut', async () => {
  const config: ModelConfig = { cell: 'lstm', vocabSize: 9, hiddenSize: 12, numLayers: 1 };
  const tokens = randomTokens(6, 1200, config.vocabSize);
  const positions = evenPositions(tokens.length, 40, 200);
  const curveWith = async (bias: number) => (await FusedConnectivity.create(fusedWasm, config, withForgetBias(config, bias))).curve(tokens, positions);
  const open = await curveWith(8);
  const shut = await curveWith(-8);
  // relative to the step's own input (k = 0), the open cell's connectivity stays up far longer
  for (const k of [10, 50, 100, 200]) assert.ok(open.mean[k] / open.mean[0] > 10 * (shut.mean[k] / shut.mean[0]), `k = ${k}`);
});

test('steps without a next token, a text of one token and a bad window are refused by name', async () => {
  const fused = await FusedConnectivity.create(fusedWasm, LSTM2, testParams(LSTM2, 1));
  const tokens = randomTokens(1, 10, LSTM2.vocabSize);
  assert.throws(() => fused.ofStep([3], 0), /at least 2 tokens.*got 1/);
  for (const t of [-1, 9, 2.5, NaN]) assert.throws(() => fused.ofStep(tokens, t), /step .* is outside 0\.\.8/);
  assert.throws(() => fused.ofStep(tokens, 4, 0), /window must be a positive integer/);
  assert.throws(() => fused.ofSteps(tokens, [2, 12]), /step 12 is outside/);
  assert.throws(() => fused.ofStep([1, 99], 0), /outside the vocabulary/);
  const first = fused.ofStep(tokens, 0);
  assert.equal(first.byDistance.length, 1);
  assert.ok(first.byDistance[0] > 0);
  assert.deepEqual(fused.ofSteps(tokens, []), []);
});

test('the text forward is kept for the same text only, and new weights replace it', async () => {
  const fused = await FusedConnectivity.create(fusedWasm, LSTM2, testParams(LSTM2, 1));
  const a = randomTokens(1, 260, LSTM2.vocabSize);
  const b = [...a.slice(0, 230), (a[230] + 1) % LSTM2.vocabSize, ...a.slice(231)];
  const first = fused.ofStep(a, 240);
  const other = fused.ofStep(b, 240);
  assert.ok(relDiff(other.byDistance, first.byDistance) > 1e-4, 'a token changed 10 back changes the numbers');
  assert.deepEqual(fused.ofStep(a, 240).byDistance, first.byDistance);
  const params = testParams(LSTM2, 2);
  fused.setParams(params);
  const fresh = await FusedConnectivity.create(fusedWasm, LSTM2, params);
  assert.deepEqual(fused.ofStep(a, 240).byDistance, fresh.ofStep(a, 240).byDistance);
});

test('topLookedBack gives the earlier positions of highest connectivity, highest first', async () => {
  const fused = await FusedConnectivity.create(fusedWasm, LSTM2, testParams(LSTM2, 7));
  const tokens = randomTokens(4, 300, LSTM2.vocabSize);
  const step = fused.ofStep(tokens, 250);
  const top = topLookedBack(step, tokens, 5);
  assert.equal(top.length, 5);
  const earlier = [...step.byDistance.subarray(1)].sort((x, y) => y - x);
  top.forEach((p, i) => {
    assert.ok(p.distance >= 1);
    assert.equal(p.position, 250 - p.distance);
    assert.equal(p.token, tokens[p.position]);
    assert.equal(p.connectivity, step.byDistance[p.distance]);
    assert.equal(p.connectivity, earlier[i]);
  });
  assert.equal(topLookedBack(fused.ofStep(tokens, 0), tokens, 5).length, 0, 'step 0 has nothing earlier');
});

test('lanes are reused once their position is done: positions every d steps need ⌈(K + 1)/d⌉ lanes', () => {
  for (const d of [1, 3, 50, 300]) {
    const spans = Array.from({ length: 60 }, (_, i) => ({ high: 200 + i * d, low: i * d }));
    const { lanes, laneOf } = scheduleLanes(spans);
    assert.equal(lanes, Math.min(60, Math.ceil(201 / d)), `d = ${d}`);
    for (let i = 0; i < spans.length; i++) {
      for (let j = i + 1; j < spans.length; j++) {
        const overlap = spans[i].low <= spans[j].high && spans[j].low <= spans[i].high;
        assert.ok(!(overlap && laneOf[i] === laneOf[j]), `spans ${i} and ${j} share lane ${laneOf[i]}`);
      }
    }
  }
});

test('evenPositions spreads over the steps that have their full window and a next token', () => {
  const positions = evenPositions(1000, 50, 200);
  assert.equal(positions.length, 50);
  assert.equal(positions[0], 200);
  assert.ok(positions.every((t, i) => t <= 998 && (i === 0 || t > positions[i - 1])));
  assert.equal(evenPositions(205, 50, 200).length, 4);
  assert.deepEqual(evenPositions(150, 50, 200), []);
});
