/**
 * `npm run bench:connectivity`: gradient connectivity (src/core/analysis/connectivity) on the
 * fused kernels in this thread, for d2l-sized models (hidden 256, one layer, the d2l tokenizer's
 * 28 tokens) briefly trained on The Time Machine (TRAIN_STEPS minibatches of bench/workload.ts),
 * over its first TEXT_CHARS characters:
 *  - one step's connectivity over 200 characters: the median over random steps of a text whose
 *    forward is already kept (target 20 ms), and apart, that forward (once per text);
 *  - the memory-length curve over CURVE_POSITIONS positions evenly spread over the text (target
 *    2 s), with the text's forward kept and from a new text; in one thread, then split among
 *    --threads threads (fused-threads.wasm, NodeFusedThreads);
 *  - what skipping ∂W_h saves: BPTT with it (fusedBackward) and without (fusedBackwardSteps),
 *    over one window of a single step (B = 1, T = 201) and one step of the curve's lanes.
 * Prints each figure and its ratio to the target, for LSTM, GRU and RNN.
 * Usage: node out/bench/connectivity.js [--cells lstm,gru,rnn] [--samples 30] [--threads the cores, up to 4]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { FusedConnectivity } from '../src/core/analysis/connectivity/fusedConnectivity';
import { evenPositions } from '../src/core/analysis/connectivity/memoryCurve';
import { ForwardSplit } from '../src/core/engine/fused/infer/forwardSplit';
import { FusedEngine } from '../src/core/engine/fused/train/fusedEngine';
import { compileFusedWasm, instantiateFusedKernels } from '../src/core/engine/fused/kernels/kernels';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from '../src/core/engine/fused/kernels/wasmApi';
import { planBatch, planModel } from '../src/core/engine/fused/memory/layout';
import { NodeFusedThreads } from '../src/core/engine/fused/threads/nodeThreads';
import { cellSpec } from '../src/core/model/cells/cellSpecs';
import type { CellKind, ModelConfig } from '../src/core/model/config';
import { initParams } from '../src/core/model/init';
import type { ParamSet } from '../src/core/model/paramSpec';
import { loadCorpus } from '../src/core/text/corpus';
import { D2L_TOKENIZER } from '../src/core/text/tokenizer';
import { Rng } from '../src/core/util/rng';
import { quantile } from './quantile';
import { OPTIMIZER, corpusPath, d2lWorkload } from './workload';

const TEXT_CHARS = 10_000;
const CURVE_POSITIONS = 2_000;
const WINDOW = 200;
const TRAIN_STEPS = 60;
const STEP_TARGET_MS = 20;
const CURVE_TARGET_S = 2;

/** The weights after TRAIN_STEPS minibatches of d2l's workload (random weights would leave gradients of no shape). */
async function brieflyTrained(wasm: Uint8Array, config: ModelConfig): Promise<ParamSet> {
  const engine = await FusedEngine.create({ wasm, config, params: initParams(config, 1), optimizer: OPTIMIZER });
  const batches = d2lWorkload().batches();
  for (let i = 0; i < TRAIN_STEPS; i++) engine.trainStepSync(batches.next().value, i === 0);
  const params = await engine.getParams();
  engine.dispose();
  return params;
}

function ms(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Median ms of BPTT over T steps of B lanes with ∂W_h (fusedBackward) and without (fusedBackwardSteps); the values do not change the work. */
function weightGradientCost(module: WasmModule, config: ModelConfig, B: number, T: number): { withDwh: number; without: number } {
  const k = instantiateFusedKernels(module);
  const model = planModel(config, k, WASM_PAGE_BYTES);
  const batch = planBatch(config, k, model.end, B, T);
  growTo(k.memory, batch.end);
  const spec = cellSpec(config.cell);
  const shape = { B, T, h: config.hiddenSize };
  const [act, packed] = [batch.layers[0], model.packed[0]];
  const median = (f: () => void) => quantile(Array.from({ length: 7 }, () => ms(f)), 0.5);
  return {
    withDwh: median(() => spec.fusedBackward(k, shape, act, packed, batch, model.layers[0].wh + model.gradShift)),
    without: median(() => spec.fusedBackwardSteps(k, shape, act, packed, batch)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cells: { type: 'string', default: 'lstm,gru,rnn' }, samples: { type: 'string', default: '30' }, threads: { type: 'string', default: String(Math.min(4, availableParallelism())) } },
  });
  const threads = Number(values.threads);
  const path = corpusPath();
  const text = path ? loadCorpus(readFileSync(path, 'utf8'), D2L_TOKENIZER).corpus.subarray(0, TEXT_CHARS) : Int32Array.from({ length: TEXT_CHARS }, (_, i, r = new Rng(i + 1)) => r.int(0, 27));
  if (!path) console.log('corpus: random tokens (the time machine text was not found; set LSTM_LENS_CORPUS)');
  const wasm = loadFusedWasm();
  const module = await compileFusedWasm(wasm);
  const sharedModule = await compileFusedWasm(loadFusedWasm('fused-threads'));
  const base = d2lWorkload().config;
  const positions = evenPositions(text.length, CURVE_POSITIONS, WINDOW);
  console.log(`text: ${text.length} tokens, vocabulary ${base.vocabSize}, hidden ${base.hiddenSize}, 1 layer, ${TRAIN_STEPS} training minibatches; one thread`);
  const ratio = (x: number, target: number) => `${x.toFixed(x < 10 ? 2 : 0)} (${(x / target).toFixed(2)}× the target ${target})`;
  for (const cell of values.cells.split(',') as CellKind[]) {
    const config: ModelConfig = { ...base, cell };
    const params = await brieflyTrained(wasm, config);
    const conn = FusedConnectivity.fromModule(module, config, params);
    const forwardMs = ms(() => conn.ofStep(text, WINDOW)) - ms(() => conn.ofStep(text, WINDOW));
    const rng = new Rng(7);
    const steps = Array.from({ length: Number(values.samples) }, () => ms(() => conn.ofStep(text, rng.int(WINDOW, text.length - 2))));
    const curveS = ms(() => conn.curve(text, positions)) / 1000;
    const fresh = text.slice(1);
    const coldCurveS = ms(() => conn.curve(fresh, positions)) / 1000;
    const curve = conn.curve(text, positions);
    console.log(`${cell}: one step over ${WINDOW} characters, median ${ratio(quantile(steps, 0.5), STEP_TARGET_MS)} ms; the text's forward ${forwardMs.toFixed(0)} ms once`);
    console.log(`${cell}: curve over ${curve.positions} positions ${ratio(curveS, CURVE_TARGET_S)} s; from a new text ${coldCurveS.toFixed(2)} s`);
    console.log(`${cell}: mean connectivity at k = 0, 1, 10, 50, 200: ${[0, 1, 10, 50, 200].map((k) => curve.mean[k].toExponential(2)).join(', ')}`);
    if (threads > 1) {
      const split = FusedConnectivity.fromModule(sharedModule, config, params, new ForwardSplit(new NodeFusedThreads(threads - 1)));
      const started = await split.threadsStarted;
      split.ofStep(text, WINDOW);
      const splitS = ms(() => split.curve(text, positions)) / 1000;
      console.log(`${cell}: curve in ${started} threads ${ratio(splitS, CURVE_TARGET_S)} s, ${(curveS / splitS).toFixed(2)}× one thread's`);
      split.dispose();
    }
    const lanes = Math.ceil((WINDOW + 1) / ((text.length - WINDOW) / CURVE_POSITIONS));
    for (const [B, T, what] of [[1, WINDOW + 1, 'one window'], [lanes, 1, `one step of ${lanes} lanes`]] as const) {
      const { withDwh, without } = weightGradientCost(module, config, B, T);
      console.log(`${cell}: BPTT over ${what}: ${withDwh.toFixed(3)} ms with ∂W_h, ${without.toFixed(3)} ms without (${(withDwh / without).toFixed(2)}×)`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
