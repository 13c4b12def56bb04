import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pytorchExportFiles, type PytorchExportKind } from '../../src/core/io/pytorchExport/exportFiles';
import { exportPreset } from '../../src/core/io/pytorchExport/exportSettings';
import { EXPORT_FILES } from '../../src/core/io/pytorchExport/pythonSources';
import type { SavedModel } from '../../src/core/io/savedModel';
import { importTorchSafetensors } from '../../src/core/io/torchSafetensors';
import { Stepper } from '../../src/core/infer/stepper';
import { PRESETS, type TrainPreset } from '../../src/core/train/trainPreset';
import { D2L_TOKENIZER, encode, tokenize, type Tokenizer } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { randomSavedModel } from '../fixtures/savedModels';

const PYTHON = '/usr/bin/python3';
const fixtures = join(__dirname, '../../../test/fixtures');
const noTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0 ? false : `${PYTHON} cannot import torch`;

/** A short English text with a line break, punctuation and capitals, for d2l's tokenizer. */
const TEXT = 'The Time Traveller (for so it will be convenient to speak of him)\nwas expounding a recondite matter to us. '.repeat(12);

/** A model over TEXT's vocabulary (d2l's tokens unless told), random weights, and a small run: 1 epoch, SGD, sequential. */
function d2lModel(cell: 'lstm' | 'rnn' = 'lstm', tokenizer: Tokenizer = D2L_TOKENIZER): { model: SavedModel; training: TrainPreset } {
  const vocab = Vocab.fromTokens(tokenize(TEXT, tokenizer), tokenizer.kind === 'chars' ? tokenizer.maxVocab : Infinity).idxToToken;
  const config = { cell, vocabSize: vocab.length, hiddenSize: 16, numLayers: 2 };
  const random = randomSavedModel(config, 7);
  // N(0, 1) weights make a 2-layer tanh RNN chaotic over 40 steps, where float32 (PyTorch) and
  // float64 (the stepper) part by 1e-4; N(0, 0.3²) keeps it contractive, so 1e-5 tests the weights.
  const params = new Map([...random.params].map(([name, w]) => [name, w.map((v) => v * 0.3)]));
  const model = { ...random, params, tokenizer, vocab };
  return { model, training: { ...PRESETS.quick, cell, hiddenSize: 16, numLayers: 2, numSteps: 8, batchSize: 4, epochs: 1, samplePrefix: 'time ', sampleLength: 10 } };
}

function writeExport(kind: PytorchExportKind, model: SavedModel, training: TrainPreset): string {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-pytorch-'));
  for (const f of pytorchExportFiles(kind, 'tiny', model, { ...training }, TEXT)) writeFileSync(join(dir, f.name), f.data);
  return dir;
}

interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec: { name: string; display_name: string } };
  cells: { cell_type: string; metadata: object; source: string[]; outputs?: unknown[]; execution_count?: null }[];
}

function readNotebook(dir: string): Notebook {
  return JSON.parse(readFileSync(join(dir, EXPORT_FILES.notebook), 'utf8')) as Notebook;
}

/**
 * The notebook's code cells in order, run as one program by /usr/bin/python3 in its folder
 * (Jupyter's working directory), then `after` (a cell the test adds to read the notebook's variables).
 */
function runNotebook(dir: string, epochs: number, after = ''): string {
  const code = [...readNotebook(dir).cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join('')), after].join('\n\n');
  writeFileSync(join(dir, 'cells.py'), code);
  const run = spawnSync(PYTHON, ['cells.py'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LSTM_LENS_EPOCHS: String(epochs) } });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function trained(dir: string): SavedModel {
  return importTorchSafetensors(new Uint8Array(readFileSync(join(dir, EXPORT_FILES.trained))));
}

/** exp(mean −log softmax(O)[next token]) over TEXT, by the project's own stepper. */
function perplexity(model: SavedModel): number {
  const ids = encode(TEXT, model.tokenizer, new Vocab(model.vocab));
  const stepper = new Stepper(model.params, model.config);
  const state = stepper.zeroState();
  let nll = 0;
  for (let t = 0; t + 1 < ids.length; t++) {
    stepper.step(ids[t], state);
    const o = stepper.logits(state);
    const max = Math.max(...o);
    const logSum = max + Math.log(o.reduce((s, v) => s + Math.exp(v - max), 0));
    nll += logSum - o[ids[t + 1]];
  }
  return Math.exp(nll / (ids.length - 1));
}

function logitsOf(model: SavedModel, inputs: readonly number[]): number[][] {
  const stepper = new Stepper(model.params, model.config);
  const state = stepper.zeroState();
  return inputs.map((token) => {
    stepper.step(token, state);
    return Array.from(stepper.logits(state));
  });
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  assert.equal(a.length, b.length);
  return Math.max(...a.map((row, t) => Math.max(...row.map((v, j) => Math.abs(v - b[t][j])))));
}

test('the notebook is nbformat 4: a python3 kernelspec, markdown and code cells with line lists, code cells unrun', () => {
  const { model, training } = d2lModel();
  const dir = writeExport('notebook', model, training);
  try {
    const nb = readNotebook(dir);
    assert.equal(nb.nbformat, 4);
    assert.ok(Number.isInteger(nb.nbformat_minor) && nb.nbformat_minor <= 4, 'minor ≤ 4: 4.5 requires cell ids');
    assert.equal(nb.metadata.kernelspec.name, 'python3');
    assert.equal(typeof nb.metadata.kernelspec.display_name, 'string');
    assert.ok(nb.cells.some((c) => c.cell_type === 'code') && nb.cells.some((c) => c.cell_type === 'markdown'));
    for (const cell of nb.cells) {
      assert.ok(cell.cell_type === 'code' || cell.cell_type === 'markdown', cell.cell_type);
      assert.deepEqual(cell.metadata, {});
      assert.ok(Array.isArray(cell.source) && cell.source.every((l) => typeof l === 'string'));
      cell.source.slice(0, -1).forEach((line) => assert.ok(line.endsWith('\n'), line));
      cell.source.slice(0, -1).forEach((line) => assert.equal(line.indexOf('\n'), line.length - 1, 'one line per entry'));
      if (cell.cell_type === 'code') {
        assert.deepEqual(cell.outputs, []);
        assert.equal(cell.execution_count, null);
      } else {
        assert.ok(!('outputs' in cell) && !('execution_count' in cell));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a GRU is refused with the reason, as the safetensors export refuses it', () => {
  const model = randomSavedModel({ cell: 'gru', vocabSize: 5, hiddenSize: 4, numLayers: 1 });
  assert.throws(() => pytorchExportFiles('notebook', 'g', model, {}, TEXT), /GRU model cannot be exchanged with PyTorch/);
});

test('with 0 epochs the notebook saves the weights it loaded: PyTorch and LSTM Lens give the original logits (≤ 1e-5)', { skip: noTorch }, () => {
  // chars with maxVocab 12: TEXT's capitals, '(' and '\n' among the tokens, and some of them <unk>
  const cases = [['lstm', D2L_TOKENIZER], ['rnn', D2L_TOKENIZER], ['lstm', { kind: 'chars', maxVocab: 12 }]] as const;
  for (const [cell, tokenizer] of cases) {
    const { model, training } = d2lModel(cell, tokenizer);
    const dir = writeExport('notebook', model, training);
    try {
      const out = runNotebook(dir, 0, 'print(json.dumps(corpus))');
      assert.match(out, new RegExp(`^${encode(TEXT, tokenizer, new Vocab(model.vocab)).length} tokens, vocabulary ${model.vocab.length}$`, 'm'));
      const ids = JSON.parse(out.trim().split('\n').at(-1) as string) as number[];
      assert.deepEqual(ids, Array.from(encode(TEXT, tokenizer, new Vocab(model.vocab))), `${tokenizer.kind}: the same token ids as LSTM Lens`);
      const back = trained(dir);
      assert.deepEqual([back.config, back.vocab, back.tokenizer], [model.config, model.vocab, model.tokenizer]);
      const inputs = Array.from(encode(TEXT.slice(0, 40), tokenizer, new Vocab(model.vocab)));
      const expected = logitsOf(model, inputs);
      assert.ok(maxAbsDiff(logitsOf(back, inputs), expected) <= 1e-5, `${cell}: re-imported`);
      const torch = spawnSync(PYTHON, [join(fixtures, 'torch_forward.py'), join(dir, EXPORT_FILES.trained), JSON.stringify(inputs)], { encoding: 'utf8' });
      assert.equal(torch.status, 0, torch.stderr);
      assert.ok(maxAbsDiff(JSON.parse(torch.stdout) as number[][], expected) <= 1e-5, `${cell}: PyTorch's forward of the saved file differs by ${maxAbsDiff(JSON.parse(torch.stdout) as number[][], expected)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('the notebook trains one epoch as d2l prints it and saves a model Load Model reads, with a lower perplexity', { skip: noTorch }, () => {
  const { model, training } = d2lModel();
  const dir = writeExport('notebook', model, training);
  try {
    const out = runNotebook(dir, 1);
    assert.match(out, /^epoch 1, perplexity \d+\.\d\d, [\d.]+ tokens\/sec$/m);
    assert.match(out, /^time [a-z ]{10}$/m, 'a predict_ch8 sample of 10 tokens after the prefix');
    const back = trained(dir);
    assert.deepEqual(back.config, model.config);
    assert.ok(perplexity(back) < perplexity(model), `${perplexity(back)} < ${perplexity(model)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * torch 1.13's torchrun on Python ≥ 3.11 reads its default `--redirects 0` as None (IntFlag no longer
 * iterates the zero member) and stops; redirecting stderr to its log and teeing it back sidesteps it.
 */
const TORCHRUN_3_11 = ['--redirects', '2', '--tee', '2'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('the torchrun script trains one epoch in 2 processes (gloo, loopback) and rank 0 saves a model with a lower perplexity', { skip: noTorch }, async () => {
  const { model, training } = d2lModel();
  const dir = writeExport('torchrun', model, training);
  try {
    const port = await freePort();
    // torch 1.13's torchrun spells its flags with underscores (newer ones accept both)
    const args = ['--nproc_per_node', '2', ...TORCHRUN_3_11, '--master_addr', '127.0.0.1', '--master_port', String(port), EXPORT_FILES.script, '--epochs', '1', '--out', 'ddp.safetensors'];
    const run = spawnSync('/usr/bin/torchrun', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GLOO_SOCKET_IFNAME: 'lo', OMP_NUM_THREADS: '1' } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^2 processes, \d+ tokens each$/m);
    assert.match(run.stdout, /^epoch 1, perplexity /m);
    assert.equal(run.stdout.match(/^epoch 1,/gm)?.length, 1, 'only rank 0 prints');
    const back = importTorchSafetensors(new Uint8Array(readFileSync(join(dir, 'ddp.safetensors'))));
    assert.deepEqual([back.config, back.vocab], [model.config, model.vocab]);
    assert.ok(perplexity(back) < perplexity(model), `${perplexity(back)} < ${perplexity(model)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the export trains with the model's own run (its checkpoint's training record), or d2l's when there is none", () => {
  const recorded = { ...PRESETS.quick, lr: 0.5, source: 'fox.txt', engine: 'fused' };
  assert.equal(exportPreset(recorded).lr, 0.5);
  assert.deepEqual(exportPreset({ source: 'model.safetensors' }), PRESETS.d2l);
  assert.deepEqual(exportPreset({ ...PRESETS.quick, epochs: -1 }), PRESETS.d2l, 'a record that is not a valid preset');
});
