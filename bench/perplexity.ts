/**
 * Does the fused engine learn as well as PyTorch? The d2l preset (hidden 256, batch 32, steps
 * 35, SGD lr 1, clip θ = 1, sequential partition) trained for N epochs by the Trainer on the
 * fused engine from initParams(config, preset.seed), and the same initial weights, exported
 * with exportTorchSafetensors, trained by PyTorch's nn.LSTM + Linear (d2l's concise RNNModel,
 * bench/torch_perplexity.py) for N epochs with the same settings. Prints both sides' per-epoch
 * perplexities, the final relative difference and whether it is within 3 %, as a table and JSON.
 *
 * Data order: PyTorch replays our partition offsets (recovered from each epoch's first
 * minibatch), so both see the same minibatches in the same order unless --torch-random-offsets
 * is given (then PyTorch draws d2l's random offset per epoch and the order differs).
 * PyTorch is skipped with a clear line when no python3 with torch is found.
 * Usage: node out/bench/perplexity.js [--epochs 10] [--threads N (fused, default all cores)] [--torch-threads N (default 1)]
 *        [--torch-random-offsets] [--torch-single-bias] [--no-torch] [--json out.json]
 * d2l's concise nn.LSTM has two biases per gate (bias_ih and bias_hh, both trained: the summed
 * bias moves twice as far per step); --torch-single-bias freezes bias_hh at zero, which makes
 * PyTorch's model exactly d2l's scratch LSTM that LSTM Lens trains.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Minibatch } from '../src/core/data/minibatch';
import type { TrainEngine } from '../src/core/engine/engine';
import { FusedEngine } from '../src/core/engine/fused/train/fusedEngine';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { NodeFusedThreads } from '../src/core/engine/fused/threads/nodeThreads';
import { exportTorchSafetensors } from '../src/core/io/torchSafetensors';
import { initParams } from '../src/core/model/init';
import { loadCorpus } from '../src/core/text/corpus';
import { D2L_TOKENIZER } from '../src/core/text/tokenizer';
import { Trainer } from '../src/core/train/trainer';
import { PRESETS, presetModelConfig, presetOptimizer } from '../src/core/train/trainPreset';
import { corpusPath } from './workload';

const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const TOLERANCE = 0.03;

/** The first python3 that imports torch (Debian's first: that is the one with OpenBLAS). */
function findTorchPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/** The partition offset that produced `batch` as an epoch's first sequential minibatch. */
function offsetOf(batch: Minibatch, corpus: Int32Array, numSteps: number): number {
  const { batchSize, inputs } = batch;
  for (let offset = 0; offset <= numSteps; offset++) {
    const cols = Math.floor((corpus.length - offset - 1) / batchSize);
    let same = true;
    for (let row = 0; row < batchSize && same; row++) {
      for (let j = 0; j < numSteps && same; j++) same = inputs[row * numSteps + j] === corpus[offset + row * cols + j];
    }
    if (same) return offset;
  }
  throw new Error('could not recover the partition offset of a first minibatch');
}

/** The engine, noting the first minibatch of each epoch (the trainer resets the state there). */
function recordingFirstBatches(engine: TrainEngine, firsts: Minibatch[]): TrainEngine {
  return {
    name: engine.name,
    config: engine.config,
    trainStep: (batch, resetState) => {
      if (resetState) firsts.push({ ...batch, inputs: batch.inputs.slice(), targets: batch.targets.slice() });
      return engine.trainStep(batch, resetState);
    },
    getParams: () => engine.getParams(),
    setParams: (p) => engine.setParams(p),
    dispose: () => engine.dispose(),
  };
}

function fmt(n: number | undefined, digits: number): string {
  return n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '10' },
      threads: { type: 'string', default: String(availableParallelism()) },
      // One thread by default: on a loaded 2-core machine OpenBLAS's pthreads spin and one epoch
      // swings from 5 s to over a minute; the thread count does not change the numbers compared.
      'torch-threads': { type: 'string', default: '1' },
      'torch-random-offsets': { type: 'boolean', default: false },
      'torch-single-bias': { type: 'boolean', default: false },
      'no-torch': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const epochs = Number(values.epochs);
  const threads = Number(values.threads);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs must be a positive integer, got ${values.epochs}`);
  const path = corpusPath() ?? [join(__dirname, '..', '..', 'media', 'samples', 'timemachine.txt')].find(existsSync);
  if (!path) throw new Error('The time machine corpus was not found (set LSTM_LENS_CORPUS)');
  const { corpus, vocab } = loadCorpus(readFileSync(path, 'utf8'), D2L_TOKENIZER);
  const preset = { ...PRESETS.d2l, epochs };
  const config = presetModelConfig(preset, vocab.size);
  const params = initParams(config, preset.seed);
  const optimizer = presetOptimizer(preset);
  const notes: string[] = [];

  // PyTorch's copy of the initial weights, taken before training touches anything.
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-ppl-'));
  const weights = join(dir, 'init.safetensors');
  writeFileSync(weights, exportTorchSafetensors({ config, params, vocab: vocab.idxToToken, tokenizer: D2L_TOKENIZER }));

  // Fused engine through the Trainer, as the extension trains.
  const pool = threads > 1 ? new NodeFusedThreads(threads - 1) : undefined;
  const fused = await FusedEngine.create({ wasm: loadFusedWasm(pool ? 'fused-threads' : 'fused'), config, params, optimizer, threads: pool });
  const firsts: Minibatch[] = [];
  const engine = recordingFirstBatches(fused, firsts);
  const t0 = performance.now();
  const { history } = await new Trainer(engine, { preset, corpus, vocabSize: vocab.size }).run();
  const fusedSeconds = (performance.now() - t0) / 1000;
  engine.dispose();
  const fusedPpl = history.map((r) => r.perplexity);
  const offsets = firsts.map((b) => offsetOf(b, corpus, preset.numSteps));

  // PyTorch from the same weights.
  let torchPpl: number[] | undefined;
  let torchInfo: { seconds: number; threads: number; blas: string; torch: string; offsets: number[] } | undefined;
  const python = values['no-torch'] ? undefined : findTorchPython();
  if (values['no-torch']) notes.push('PyTorch skipped (--no-torch)');
  else if (!python) notes.push('PyTorch skipped: no python3 with torch (Debian: apt-get install python3-torch libopenblas0-pthread)');
  else {
    const args = [join(__dirname, '..', '..', 'bench', 'torch_perplexity.py'), '--weights', weights, '--corpus', path, '--epochs', String(epochs),
      '--batch-size', String(preset.batchSize), '--num-steps', String(preset.numSteps), '--lr', String(preset.lr), '--clip', String(preset.clipTheta),
      '--threads', String(values['torch-threads']), '--seed', String(preset.seed)];
    if (!values['torch-random-offsets']) args.push('--offsets', offsets.join(','));
    if (values['torch-single-bias']) args.push('--single-bias');
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(values['torch-threads']), LD_LIBRARY_PATH: [OPENBLAS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
    const r = spawnSync(python, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) notes.push(`PyTorch failed: ${(r.stderr || r.stdout).trim().slice(-500)}`);
    else {
      const out = JSON.parse(line);
      torchPpl = out.perplexities;
      torchInfo = { seconds: out.seconds, threads: out.threads, blas: out.blas, torch: out.torch, offsets: out.offsets };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (torchPpl) {
    notes.push(
      values['torch-single-bias']
        ? "PyTorch: rnn.bias_hh frozen at zero (--torch-single-bias): one bias per gate, as d2l's scratch model and LSTM Lens"
        : "PyTorch: d2l's concise model trains both nn.LSTM biases (bias_ih + bias_hh), a twice-as-large step on each gate's summed bias " +
            'and both in the clipping norm; LSTM Lens has one bias per gate (--torch-single-bias freezes bias_hh)',
    );
  }
  notes.push(
    values['torch-random-offsets']
      ? "data order differs: PyTorch draws d2l's random partition offset per epoch (Python's random), LSTM Lens its own; same partition scheme, same weights"
      : 'same data order: PyTorch replays the partition offset of each of our epochs (recovered from its first minibatch)',
  );

  const final = fusedPpl[fusedPpl.length - 1];
  const torchFinal = torchPpl?.[torchPpl.length - 1];
  const relDiff = torchFinal === undefined ? undefined : Math.abs(final - torchFinal) / torchFinal;
  const within = relDiff === undefined ? undefined : relDiff <= TOLERANCE;

  console.log(`d2l preset: LSTM hidden ${preset.hiddenSize}, batch ${preset.batchSize}, steps ${preset.numSteps}, SGD lr ${preset.lr}, clip ${preset.clipTheta}, ` +
    `${preset.partition} partition, ${epochs} epochs, initial weights initParams(seed ${preset.seed}) on both sides\n`);
  const header = ['epoch', 'fused ppl', 'pytorch ppl', 'rel diff'];
  const table = fusedPpl.map((p, i) => [String(i + 1), fmt(p, 3), fmt(torchPpl?.[i], 3), torchPpl ? `${fmt((100 * (p - torchPpl[i])) / torchPpl[i], 2)} %` : '–']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [header, ...table]) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));
  console.log(`\nfused engine: ${threads} thread(s), ${fusedSeconds.toFixed(1)} s` + (torchInfo ? `; PyTorch ${torchInfo.torch}: ${torchInfo.threads} thread(s), ${torchInfo.seconds.toFixed(1)} s, BLAS ${torchInfo.blas}` : ''));
  if (relDiff !== undefined) console.log(`final perplexity: fused ${fmt(final, 3)} vs PyTorch ${fmt(torchFinal, 3)}: relative difference ${fmt(100 * relDiff, 2)} % → ${within ? 'within' : 'NOT within'} 3 %`);
  for (const note of notes) console.log(note);
  const json = JSON.stringify({
    preset: { ...preset, samplePrefix: undefined, sampleLength: undefined, sampleEvery: undefined },
    epochs,
    fused: { perplexities: fusedPpl, threads, seconds: fusedSeconds, offsets },
    pytorch: torchPpl ? { perplexities: torchPpl, ...torchInfo } : null,
    final: { fused: final, pytorch: torchFinal ?? null, relative_difference: relDiff ?? null, tolerance: TOLERANCE, within: within ?? null },
    notes,
  }, null, 2);
  console.log(json);
  if (values.json) writeFileSync(values.json, json);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
