import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors } from '../../src/core/io/safetensors';
import type { SavedModel } from '../../src/core/io/savedModel';
import { exportTorchSafetensors, importTorchSafetensors } from '../../src/core/io/torchSafetensors';
import { randomSavedModel } from '../fixtures/savedModels';
import { forward, maxAbsDiff, NEEDS_TORCH, torchPython } from './ioTorchHelpers';

const fixtures = join(__dirname, '../../../test/fixtures');

/** What make_torch_fixture.py recorded from PyTorch. */
interface TorchExpected {
  inputs: number[];
  logits: number[][];
  h: number[][];
  c?: number[][];
  state_dict: Record<string, number[] | number[][]>;
}

function fixture(cell: 'lstm' | 'rnn'): { model: SavedModel; expected: TorchExpected } {
  const bytes = new Uint8Array(readFileSync(join(fixtures, `torch_${cell}.safetensors`)));
  return { model: importTorchSafetensors(bytes), expected: JSON.parse(readFileSync(join(fixtures, `torch_${cell}_expected.json`), 'utf8')) };
}

test("PyTorch's nn.LSTM state dict imports with d2l's names: blocks i, f, g, o transposed, b = b_ih + b_hh", () => {
  const { model, expected } = fixture('lstm');
  assert.deepEqual(model.config, { cell: 'lstm', vocabSize: 5, hiddenSize: 4, numLayers: 2 });
  assert.deepEqual(model.vocab, ['<unk>', ' ', 'a', 'b', 'c']);
  assert.deepEqual(model.tokenizer, { kind: 'chars', maxVocab: 5 });
  const sd = expected.state_dict;
  const h = 4;
  ['i', 'f', 'c', 'o'].forEach((gate, block) => {
    for (const layer of [0, 1]) {
      const d = layer === 0 ? 5 : h;
      const [ih, hh] = [sd[`rnn.weight_ih_l${layer}`], sd[`rnn.weight_hh_l${layer}`]] as number[][][];
      const [bih, bhh] = [sd[`rnn.bias_ih_l${layer}`], sd[`rnn.bias_hh_l${layer}`]] as number[][];
      const [W_x, W_h, b] = [`W_x${gate}`, `W_h${gate}`, `b_${gate}`].map((n) => model.params.get(`l${layer}.${n}`) as Float32Array);
      for (let j = 0; j < h; j++) {
        for (let k = 0; k < d; k++) assert.equal(W_x[k * h + j], Math.fround(ih[block * h + j][k])); // W_x[k, j] = weight_ih[block·h + j, k]
        for (let k = 0; k < h; k++) assert.equal(W_h[k * h + j], Math.fround(hh[block * h + j][k]));
        assert.equal(b[j], Math.fround(bih[block * h + j] + bhh[block * h + j]));
      }
    }
  });
  const linear = sd['linear.weight'] as number[][];
  const W_hq = model.params.get('W_hq') as Float32Array;
  for (let j = 0; j < h; j++) for (let v = 0; v < 5; v++) assert.equal(W_hq[j * 5 + v], Math.fround(linear[v][j]));
  assert.deepEqual(model.params.get('b_q'), Float32Array.from(sd['linear.bias'] as number[]));
});

test("an imported nn.LSTM gives PyTorch's logits and final (h, c) (max abs diff ≤ 1e-5)", () => {
  const { model, expected } = fixture('lstm');
  const ours = forward(model, expected.inputs);
  ours.logits.forEach((row, t) => assert.ok(maxAbsDiff(row, expected.logits[t]) <= 1e-5, `step ${t}`));
  assert.ok(maxAbsDiff(ours.h, expected.h.flat()) <= 1e-5);
  assert.ok(maxAbsDiff(ours.c as Float64Array, (expected.c as number[][]).flat()) <= 1e-5);
});

test("an imported nn.RNN (tanh) gives PyTorch's logits and final h (max abs diff ≤ 1e-5)", () => {
  const { model, expected } = fixture('rnn');
  assert.equal(model.config.cell, 'rnn');
  const ours = forward(model, expected.inputs);
  ours.logits.forEach((row, t) => assert.ok(maxAbsDiff(row, expected.logits[t]) <= 1e-5, `step ${t}`));
  assert.ok(maxAbsDiff(ours.h, expected.h.flat()) <= 1e-5);
});

test('an export has exactly the tensor names and shapes of PyTorch\'s state dict and imports back unchanged', () => {
  for (const cell of ['lstm', 'rnn'] as const) {
    const original = readSafetensors(new Uint8Array(readFileSync(join(fixtures, `torch_${cell}.safetensors`))));
    const mine = randomSavedModel({ cell, vocabSize: 5, hiddenSize: 4, numLayers: 2 }, 3);
    const exported = readSafetensors(exportTorchSafetensors(mine));
    assert.deepEqual(new Map([...exported.tensors].map(([n, t]) => [n, t.shape])), new Map([...original.tensors].map(([n, t]) => [n, t.shape])));
    assert.ok((exported.tensors.get('rnn.bias_hh_l1')?.data as Float32Array).every((v) => v === 0)); // bias_hh = 0, bias_ih = b
    assert.deepEqual(JSON.parse(exported.metadata.vocab), mine.vocab);
    assert.equal(exported.metadata.cell, cell);
    const back = importTorchSafetensors(exportTorchSafetensors(mine));
    assert.deepEqual(back, mine);
  }
});

test('GRU models, GRU state dicts, missing vocabularies and disagreeing metadata are refused with the reason', () => {
  const gru = randomSavedModel({ cell: 'gru', vocabSize: 5, hiddenSize: 4, numLayers: 1 });
  assert.throws(() => exportTorchSafetensors(gru), /A GRU model cannot be exchanged with PyTorch: nn\.GRU applies the reset gate after the recurrent matmul/);
  const lstm = readSafetensors(new Uint8Array(readFileSync(join(fixtures, 'torch_lstm.safetensors'))));
  const rewrite = (tensors: typeof lstm.tensors, metadata: Record<string, string>) => () => importTorchSafetensors(writeSafetensors({ tensors, metadata }));
  const asGru = new Map(lstm.tensors);
  asGru.set('rnn.weight_hh_l0', { shape: [12, 4], data: new Float32Array(48) });
  assert.throws(rewrite(asGru, lstm.metadata), /rnn\.weight_hh_l0 has shape \[12, 4\]: an nn\.GRU/);
  assert.throws(rewrite(lstm.tensors, { tokenizer: lstm.metadata.tokenizer }), /no vocabulary: add __metadata__ "vocab"/);
  assert.throws(rewrite(lstm.tensors, { ...lstm.metadata, hiddenSize: '8' }), /__metadata__ says hiddenSize 8, but the tensors hold hiddenSize 4/);
  assert.throws(rewrite(lstm.tensors, { ...lstm.metadata, vocab: '["<unk>","a"]' }), /The vocabulary has 2 tokens but the model's vocabSize is 5/);
  const bidirectional = new Map(lstm.tensors);
  bidirectional.set('rnn.weight_ih_l0_reverse', lstm.tensors.get('rnn.weight_ih_l0') as never);
  assert.throws(rewrite(bidirectional, lstm.metadata), /Unexpected tensors rnn\.weight_ih_l0_reverse: LSTM Lens reads unidirectional/);
  assert.deepEqual(importTorchSafetensors(writeSafetensors({ tensors: lstm.tensors, metadata: { vocab: lstm.metadata.vocab } })).tokenizer, { kind: 'd2l' });
});

test('a model made here loads into PyTorch (strict load_state_dict) and gives the same logits', { skip: torchPython ? false : NEEDS_TORCH }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-torch-'));
  try {
    for (const cell of ['lstm', 'rnn'] as const) {
      const model = randomSavedModel({ cell, vocabSize: 7, hiddenSize: 5, numLayers: 2 }, 11);
      const path = join(dir, `${cell}.safetensors`);
      writeFileSync(path, exportTorchSafetensors(model));
      const inputs = [1, 4, 6, 0, 2, 2, 5];
      const run = spawnSync(torchPython as string, ['-B', join(fixtures, 'torch_forward.py'), path, JSON.stringify(inputs)], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const torchLogits: number[][] = JSON.parse(run.stdout);
      forward(model, inputs).logits.forEach((row, t) => assert.ok(maxAbsDiff(row, torchLogits[t]) <= 1e-5, `${cell} step ${t}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
