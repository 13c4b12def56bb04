/**
 * Each cell kind's CellSpec agrees with itself and with what the rest of the library builds
 * from it: paramSpec's names and shapes, the zero states, the tf.js cell and the float64 step,
 * the explorer's diagram and the PyTorch layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/core/engine/tfjsBackend';
import { cellFactories } from '../../src/core/model/cells/cellFactories';
import { cellSpec } from '../../src/core/model/cells/cellSpecs';
import { CELL_KINDS, ModelConfig } from '../../src/core/model/config';
import { initParams } from '../../src/core/model/init';
import { layerParamName, paramShapes } from '../../src/core/model/paramSpec';
import { zeroState } from '../../src/core/model/recurrentStack';
import { zeroInferState } from '../../src/core/infer/inferState';
import { Stepper } from '../../src/core/infer/stepper';
import { unitKinds } from '../../src/core/infer/unitFeatures';
import { fromTorchStateDict, toTorchStateDict, TORCH_CELLS } from '../../src/core/io/torchLayout';

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

for (const kind of CELL_KINDS) {
  const spec = cellSpec(kind);
  const config: ModelConfig = { cell: kind, vocabSize: 5, hiddenSize: 3, numLayers: 2 };
  const gateNames = spec.gates.map((g) => g.gate);

  test(`${kind}: paramSpec builds exactly the spec's W_x*, W_h*, b_* per layer, with d2l's shapes`, () => {
    const shapes = paramShapes(config);
    for (let layer = 0; layer < config.numLayers; layer++) {
      const d = layer === 0 ? config.vocabSize : config.hiddenSize;
      const prefix = layerParamName(layer, '');
      const built = new Map(shapes.filter((p) => p.name.startsWith(prefix)).map((p) => [p.name.slice(prefix.length), p.shape]));
      const expected = new Map<string, readonly number[]>(spec.gates.flatMap((g) => [[g.wx, [d, 3]], [g.wh, [3, 3]], [g.b, [3]]]));
      assert.equal(expected.size, 3 * spec.gates.length, 'every gate has its own three parameter names');
      assert.deepEqual(sorted([...built.keys()]), sorted([...expected.keys()]));
      for (const [name, shape] of expected) assert.deepEqual(built.get(name), shape, name);
    }
  });

  test(`${kind}: the recurrent blocks cover the packed gates once, in order; Keras' and PyTorch's orders are permutations of them`, () => {
    let next = 0;
    for (const block of spec.recurrentBlocks) {
      assert.equal(block.first, next);
      next += block.count;
    }
    assert.equal(next, spec.gates.length);
    assert.deepEqual(sorted(spec.kerasGateOrder), sorted(gateNames));
    if ('gateOrder' in spec.torch) assert.deepEqual(sorted(spec.torch.gateOrder), sorted(gateNames));
  });

  test(`${kind}: the trace names are the gates, then C when there is a cell state, then H; the diagram draws exactly its traced values`, () => {
    const tail = spec.hasCellState ? ['C', 'H'] : ['H'];
    const gatesOnly = gateNames.filter((g) => !tail.includes(g));
    assert.deepEqual(spec.traceNames, [...gatesOnly, ...tail]);
    const traced = new Set(spec.traceNames);
    for (const v of spec.diagram.values) assert.ok(traced.has(v.trace), `diagram value ${v.key} reads ${v.trace}`);
    assert.ok(traced.has(spec.diagram.gateScale));
    assert.equal(spec.diagram.cellScale !== undefined, spec.hasCellState, 'the belt has its own scale exactly when it carries C');
    if (spec.diagram.cellScale) assert.ok(traced.has(spec.diagram.cellScale));
    const keys = spec.diagram.values.map((v) => v.key);
    assert.equal(new Set(keys).size, keys.length, 'diagram keys are unique');
    const { nodes, belt } = spec.diagram.drawing;
    assert.deepEqual(sorted(nodes.map((n) => n.key)), sorted(keys), 'the drawing has one node per diagram value');
    assert.ok(keys.includes(belt.key), `the belt shows ${belt.key}`);
    assert.equal(belt.scale === 'cell', spec.hasCellState, 'the belt carries C exactly when there is a cell state');
  });

  test(`${kind}: hasCellState agrees with every zero state, the tf.js cell's state and the unit kinds`, async () => {
    await useBackend('cpu');
    const stack = zeroState(config, 2);
    assert.equal(stack.c !== undefined, spec.hasCellState);
    if (stack.c) assert.deepEqual(stack.c.shape, stack.h.shape);
    tf.dispose([stack.h, ...(stack.c ? [stack.c] : [])]);
    const infer = zeroInferState(config);
    assert.equal(infer.c?.length ?? 0, spec.hasCellState ? infer.h.length : 0);
    assert.equal(unitKinds(kind).includes('C'), spec.hasCellState);
  });

  test(`${kind}: the tf.js cell and the float64 step compute the same trace values, named as the spec says`, async () => {
    await useBackend('cpu');
    const params = initParams(config, 5, 0.5);
    const token = 2;
    const stepper = new Stepper(params, config);
    const state = stepper.zeroState();
    stepper.step(token, state);
    const float64 = stepper.gatesOf(0);
    const layerShapes = new Map(paramShapes(config).map((p) => [p.name, p.shape]));
    const tfGates = tf.tidy(() => {
      const cell = cellFactories(kind).makeCell((name) => {
        const full = layerParamName(0, name);
        return tf.tensor(params.get(full) as Float32Array, [...(layerShapes.get(full) as number[])]);
      });
      const zeros = tf.zeros([1, 3]) as tf.Tensor2D;
      const x = tf.oneHot([token], config.vocabSize).toFloat() as tf.Tensor2D;
      const { gates } = cell.step(cell.projectInput(x), spec.hasCellState ? { h: zeros, c: zeros } : { h: zeros });
      return Object.fromEntries(Object.entries(gates).map(([name, t]) => [name, Array.from(t.dataSync())]));
    });
    assert.deepEqual(sorted(Object.keys(tfGates)), sorted(spec.traceNames));
    assert.deepEqual(sorted(Object.keys(float64)), sorted(spec.traceNames));
    for (const name of spec.traceNames) {
      tfGates[name].forEach((v, j) => assert.ok(Math.abs(v - float64[name][j]) < 1e-5, `${name}[${j}]: tf.js ${v}, float64 ${float64[name][j]}`));
    }
  });

  test(`${kind}: the PyTorch layout round-trips, or refuses with the spec's reason`, () => {
    const params = initParams(config, 9, 0.5);
    assert.equal(TORCH_CELLS.includes(kind), 'gateOrder' in spec.torch);
    if (!('gateOrder' in spec.torch)) {
      const reason = spec.torch.unsupported;
      assert.throws(() => toTorchStateDict(config, params), (e: Error) => e.message.includes(reason));
      return;
    }
    const back = fromTorchStateDict(toTorchStateDict(config, params));
    assert.deepEqual(back.config, config);
    assert.deepEqual(sorted([...back.params.keys()]), sorted([...params.keys()]));
    for (const [name, v] of params) assert.deepEqual(back.params.get(name), v, name);
  });
}
