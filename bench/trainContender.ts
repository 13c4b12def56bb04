/**
 * One contender of bench/train.ts in its own process (so its peak memory is its own): trains
 * the d2l workload for warm-up + timed minibatches and prints one JSON line with the median.
 * Usage: node out/bench/trainContender.js fused|webgpu|tfjs-wasm|tfjs-cpu|tfjs-layers|tfjs-autodiff [--threads N] [--steps N] [--warmup N]
 *   [--cell lstm|gru|rnn] [--hidden N] [--layers N] (the model's shape: bench/scale.ts; the workload's by default)
 *   [--wasm plain|relaxed] (fused: that build of the kernels; by default the loader's choice, relaxed where it validates: bench/relaxed.ts)
 * `webgpu` is the WebGPU engine on Dawn (the optional npm package webgpu), where it finds an adapter.
 * `tfjs-layers` is d2l's concise model on tf.layers.lstm (ConciseTwin, recurrentActivation
 * sigmoid) on the tf.js WASM backend, with BPTT by tf.variableGrads (the tf.js engine writes its
 * BPTT out by hand), then as the engine: d2l's global-norm clip θ, SGD. The arithmetic per
 * minibatch is the same but for one thing: ConciseTwin.forward starts every minibatch from the
 * zero state (no carried state). `tfjs-autodiff` is the tf.js engine's own scratch cells trained
 * the same way (tf.variableGrads), the "tf.js scratch gates" figure the targets compare with.
 */
import { parseArgs } from 'node:util';
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainEngine } from '../src/core/engine/engine';
import { initParams } from '../src/core/model/init';
import type { ParamSet } from '../src/core/model/paramSpec';
import type { CellKind } from '../src/core/model/config';
import { fusedBuildDetail, relaxedSimdValidates } from '../src/core/engine/fused/kernels/relaxedSimd';
import { BATCH_SIZE, HIDDEN, NUM_STEPS, OPTIMIZER, d2lWorkload } from './workload';

export interface ContenderResult {
  contender: string;
  threads: number;
  tokens_per_s: number;
  median_ms: number;
  peak_rss_mb: number;
  final_loss: number;
  /** The GPU adapter it ran on (webgpu). */
  adapter?: string;
  /** How it computed (fused: the build of its kernels, 'relaxed SIMD' or 'SIMD'). */
  detail?: string;
  /** How this contender's minibatch differs from the workload's, when it does. */
  note?: string;
}

/** What the timing loop needs of an engine. */
type BenchEngine = Pick<TrainEngine, 'name' | 'adapter' | 'detail' | 'trainStep' | 'dispose'> & { readonly note?: string };

export const LAYERS_NOTE = 'tf.layers.lstm (ConciseTwin) on wasm: same global-norm clip and SGD; state starts at zero each minibatch (the twin takes no initial state)';

/**
 * A model trained by tf.js autodiff, as the tf.js engine trained before its BPTT was written
 * out: the loss's gradient by tf.variableGrads over `vars`, then d2l's grad_clipping (g ← θ/‖g‖
 * · g when ‖g‖ > θ) and SGD. Each minibatch starts from the zero state.
 */
async function autodiffEngine(name: string, note: string, config: ReturnType<typeof d2lWorkload>['config'], make: () => { forward: (x: tfjs.Tensor3D) => tfjs.Tensor2D; vars: tfjs.Variable[]; dispose: () => void }): Promise<BenchEngine> {
  const tf = await import('@tensorflow/tfjs');
  const { useBackend } = await import('../src/core/engine/tfjsBackend');
  const { crossEntropy } = await import('../src/core/engine/crossEntropy');
  const { oneHotInputs, timeMajorTargets } = await import('../src/core/model/batchTensors');
  await useBackend('wasm');
  const model = make();
  const { vars } = model;
  if (OPTIMIZER.kind !== 'sgd') throw new Error(`${name} trains with SGD only`);
  return {
    name,
    note,
    async trainStep(batch) {
      const { value, grads } = tf.tidy(() => {
        const x = oneHotInputs(batch, config.vocabSize);
        const y = timeMajorTargets(batch);
        return tf.variableGrads(() => crossEntropy(model.forward(x), y), vars);
      });
      const gs = vars.map((v) => grads[v.name]);
      const summary = tf.tidy(() => tf.stack([value, tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))))]));
      const [loss, gradNorm] = await summary.data();
      if (Number.isFinite(loss) && Number.isFinite(gradNorm)) {
        const step = OPTIMIZER.lr * (gradNorm > OPTIMIZER.clipTheta ? OPTIMIZER.clipTheta / gradNorm : 1);
        tf.tidy(() => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(gs[i], step)))));
      }
      tf.dispose([summary, value, ...gs]);
      return { loss, gradNorm };
    },
    dispose: () => model.dispose(),
  };
}

/** d2l's concise model on tf.layers (ConciseTwin), by autodiff. */
async function createLayersEngine(config: ReturnType<typeof d2lWorkload>['config'], params: ParamSet): Promise<BenchEngine> {
  const tf = await import('@tensorflow/tfjs');
  const { ConciseTwin } = await import('../src/core/model/conciseTwin');
  return autodiffEngine('tfjs-layers-wasm', LAYERS_NOTE, config, () => {
    const twin = new ConciseTwin(config, params);
    return { forward: (x) => twin.forward(x), vars: Object.values(tf.engine().registeredVariables).filter((v) => v.trainable), dispose: () => twin.dispose() };
  });
}

export const AUTODIFF_NOTE = "d2l's scratch gates (the tf.js engine's cells) by tf.variableGrads on wasm, as the engine trained before its BPTT was written out; state starts at zero each minibatch";

/** d2l's scratch model (LanguageModel, the tf.js engine's own cells) by autodiff. */
async function createAutodiffEngine(config: ReturnType<typeof d2lWorkload>['config'], params: ParamSet): Promise<BenchEngine> {
  const tf = await import('@tensorflow/tfjs');
  const { LanguageModel } = await import('../src/core/model/languageModel');
  const { paramTensors } = await import('../src/core/model/paramTensors');
  return autodiffEngine('tfjs-autodiff-wasm', AUTODIFF_NOTE, config, () => {
    const tensors = paramTensors(config, params);
    const vars = new Map([...tensors].map(([name, t]) => [name, tf.variable(t, true, `autodiff/${name}`)]));
    tf.dispose([...tensors.values()]);
    // built inside the tape, each minibatch (its cells derive tensors from the variables)
    const forward = (x: tfjs.Tensor3D) => new LanguageModel(config, (name) => vars.get(name) as tfjs.Variable).forward(x).logits;
    return { forward, vars: [...vars.values()], dispose: () => tf.dispose([...vars.values()]) };
  });
}

/** The build --wasm names (true: relaxed; undefined without --wasm: the loader's choice), refused when it is neither; a relaxed build this Node cannot validate is refused too, not swapped. */
function wasmBuildFlag(value: string | undefined, validates: boolean): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'plain' && value !== 'relaxed') throw new Error(`--wasm takes plain or relaxed, not ${value}`);
  if (value === 'relaxed' && !validates) throw new Error('--wasm relaxed: this Node does not validate relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)');
  return value === 'relaxed';
}

async function createEngine(kind: string, threads: number, config: ReturnType<typeof d2lWorkload>['config'], wasm?: string): Promise<BenchEngine> {
  if (wasm !== undefined && kind !== 'fused') throw new Error(`--wasm applies to the fused contender only, not ${kind}`);
  const params = initParams(config, 0);
  if (kind === 'tfjs-layers') return createLayersEngine(config, params);
  if (kind === 'tfjs-autodiff') return createAutodiffEngine(config, params);
  if (kind === 'webgpu') {
    const { createNodeWebGpuEngine } = await import('../src/core/engine/nodeWebGpu');
    return createNodeWebGpuEngine(config, params, OPTIMIZER);
  }
  if (kind === 'fused') {
    const { FusedEngine } = await import('../src/core/engine/fused/train/fusedEngine');
    const { loadFusedWasm } = await import('../src/core/engine/fused/kernels/nodeLoader');
    const { NodeFusedThreads } = await import('../src/core/engine/fused/threads/nodeThreads');
    const relaxed = wasmBuildFlag(wasm, relaxedSimdValidates());
    const pool = threads > 1 ? new NodeFusedThreads(threads - 1) : undefined;
    const engine = await FusedEngine.create({ wasm: loadFusedWasm(pool ? 'fused-threads' : 'fused', relaxed), config, params, optimizer: OPTIMIZER, threads: pool });
    // the loader falls back to the plain build when the relaxed file is missing: a figure must not be mislabelled
    if (relaxed !== undefined && engine.detail !== fusedBuildDetail(relaxed)) {
      engine.dispose();
      throw new Error(`--wasm ${wasm}: the engine runs its ${engine.detail} build (build/wasm lacks the other: run npm run build:wasm)`);
    }
    return engine;
  }
  const backend = kind.replace(/^tfjs-/, '');
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`unknown contender ${kind}`);
  const { useBackend } = await import('../src/core/engine/tfjsBackend');
  const { TfjsEngine } = await import('../src/core/engine/tfjsEngine');
  await useBackend(backend);
  return new TfjsEngine(config, params, OPTIMIZER);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { wasm: { type: 'string' }, threads: { type: 'string', default: '1' }, steps: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' }, cell: { type: 'string', default: 'lstm' }, hidden: { type: 'string', default: String(HIDDEN) }, layers: { type: 'string', default: '1' } } });
  const kind = positionals[0] ?? 'fused';
  const threads = Number(values.threads);
  const workload = d2lWorkload({ cell: values.cell as CellKind, hiddenSize: Number(values.hidden), numLayers: Number(values.layers) });
  const engine = await createEngine(kind, threads, workload.config, values.wasm);
  const batches = workload.batches();
  const times: number[] = [];
  let loss = NaN;
  for (let i = 0; i < Number(values.warmup) + Number(values.steps); i++) {
    const batch = batches.next().value as NonNullable<ReturnType<typeof batches.next>['value']>;
    const t0 = performance.now();
    loss = (await engine.trainStep(batch, i === 0)).loss;
    if (i >= Number(values.warmup)) times.push(performance.now() - t0);
  }
  engine.dispose();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const result: ContenderResult = {
    contender: engine.name,
    threads,
    tokens_per_s: (BATCH_SIZE * NUM_STEPS * 1000) / median,
    median_ms: median,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    final_loss: loss,
    ...(engine.adapter && { adapter: engine.adapter }),
    ...(engine.detail && { detail: engine.detail }),
    ...(engine.note && { note: engine.note }),
  };
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().then(
    () => process.exit(0), // tf.js may keep handles open
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
