import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFloatsLe } from '../../src/core/io/floatDtypes';
import { readSafetensors, type Tensor, writeSafetensors } from '../../src/core/io/safetensors';
import { readTorchSafetensors } from '../../src/core/io/torchSafetensors';
import type { ModelConfig } from '../../src/core/model/config';
import { forward, maxAbsDiff, NEEDS_TORCH, torchPython } from './ioTorchHelpers';

const fixtures = join(__dirname, '../../../test/fixtures');
const variants = join(fixtures, 'torch_variants');

/** The loadable cases of make_torch_variants.py: the model each holds and what the import must say. */
const LOADABLE: Record<string, { config: ModelConfig; notes: RegExp[] }> = {
  rnnlm_d2l1: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 1 }, notes: [] },
  bare_lstm: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 2 }, notes: [/The output head is out\.weight \[7, 5\], found by its shape/] },
  lstm_fc: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 1 }, notes: [] },
  embedding_lstm: {
    config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 2 },
    notes: [/The nn\.Embedding embedding\.weight \[7, 6\] is folded into layer 0's input weights \(W_x = E · W_ihᵀ\), exact for one-hot input/],
  },
  word_language_model_rnn: { config: { cell: 'rnn', vocabSize: 7, hiddenSize: 5, numLayers: 1 }, notes: [/The nn\.Embedding encoder\.weight \[7, 4\] is folded/] },
  no_bias: {
    config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 1 },
    notes: [/rnn\.weight_ih_l0 has no biases beside it \(bias=False\): the gates' biases are zero/, /linear\.weight has no bias beside it \(bias=False\): the head's bias is zero/],
  },
  f16: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 1 }, notes: [/6 of the 6 tensors are stored as F16: widened to float32 exactly/] },
  bf16: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 2 }, notes: [/10 of the 10 tensors are stored as BF16: widened to float32 exactly/] },
  f64: { config: { cell: 'lstm', vocabSize: 7, hiddenSize: 5, numLayers: 1 }, notes: [/6 of the 6 tensors are stored as F64: rounded to float32/] },
};

/** The refused cases and the reason each error must give. */
const REFUSED: Record<string, RegExp> = {
  gru_fc: /gru\.weight_hh_l0 has shape \[15, 5\]: an nn\.GRU, whose reset gate differs from d2l's GRU \(nn\.GRU applies the reset gate after the recurrent matmul/,
  relu_rnn: /__metadata__ says nonlinearity "relu": LSTM Lens's RNN is d2l's H = tanh\(X W_xh \+ H W_hh \+ b_h\), so an nn\.RNN\(nonlinearity='relu'\) cannot be loaded/,
  proj_lstm: /Unexpected tensors rnn\.weight_hr_l0: .* proj_size > 0: weight_hr_l\* projects the hidden state/,
  bidirectional_lstm: /Unexpected tensors rnn\.weight_ih_l0_reverse, rnn\.weight_hh_l0_reverse, rnn\.bias_ih_l0_reverse, rnn\.bias_hh_l0_reverse: .* bidirectional=True/,
};

const bytesOf = (dir: string, name: string) => new Uint8Array(readFileSync(join(dir, `${name}.safetensors`)));

/** The case's import equals what PyTorch's modules computed to 1e-5 at every step, and says what it changed. */
function checkLoadable(dir: string, name: string): void {
  const { config, notes } = LOADABLE[name];
  const expected: { inputs: number[]; logits: number[][] } = JSON.parse(readFileSync(join(dir, `${name}_expected.json`), 'utf8'));
  const imported = readTorchSafetensors(bytesOf(dir, name));
  assert.deepEqual(imported.model.config, config, name);
  assert.deepEqual(imported.model.vocab, ['<unk>', ' ', 'a', 'b', 'c', 'd', 'e']);
  assert.equal(imported.notes.length, notes.length, `${name}: ${imported.notes.join(' | ')}`);
  notes.forEach((note, i) => assert.match(imported.notes[i], note));
  forward(imported.model, expected.inputs).logits.forEach((row, t) => {
    const diff = maxAbsDiff(row, expected.logits[t]);
    assert.ok(diff <= 1e-5, `${name} step ${t}: max abs diff ${diff}`);
  });
}

for (const name of Object.keys(LOADABLE)) {
  test(`PyTorch's ${name} state dict imports with PyTorch's logits (max abs diff ≤ 1e-5)`, () => checkLoadable(variants, name));
}

for (const [name, reason] of Object.entries(REFUSED)) {
  test(`PyTorch's ${name} state dict is refused with its reason`, () => assert.throws(() => readTorchSafetensors(bytesOf(variants, name)), reason));
}

test("an nn.RNN state dict carries no nonlinearity: without __metadata__ saying relu it reads as nn.RNN's default, tanh", () => {
  const { tensors, metadata } = readSafetensors(bytesOf(variants, 'relu_rnn'));
  const bare = writeSafetensors({ tensors, metadata: { vocab: metadata.vocab } });
  assert.deepEqual(readTorchSafetensors(bare).model.config, { cell: 'rnn', vocabSize: 7, hiddenSize: 5, numLayers: 1 });
});

test('tensors no part accounts for, a missing head and an ambiguous head are refused, naming the tensors', () => {
  const { tensors, metadata } = readSafetensors(bytesOf(variants, 'lstm_fc'));
  const rewrite = (changed: Map<string, Tensor>) => () => readTorchSafetensors(writeSafetensors({ tensors: changed, metadata }));
  const withNorm = new Map(tensors).set('norm.weight', { shape: [5], data: new Float32Array(5) });
  assert.throws(rewrite(withNorm), /Unexpected tensors norm\.weight: LSTM Lens reads unidirectional nn\.LSTM\/nn\.RNN with no projections, read here as a language model with common names/);
  const headless = new Map([...tensors].filter(([n]) => !n.startsWith('fc.')));
  assert.throws(rewrite(headless), /Not a state dict of a PyTorch language model LSTM Lens reads: .* found lstm\.weight_ih_l0, lstm\.weight_hh_l0, lstm\.bias_ih_l0, lstm\.bias_hh_l0$/);
  const bare = readSafetensors(bytesOf(variants, 'bare_lstm')).tensors;
  const twoHeads = new Map(bare).set('other.weight', bare.get('out.weight') as Tensor).set('other.bias', bare.get('out.bias') as Tensor);
  assert.throws(rewrite(twoHeads), /The head is ambiguous: by their shapes, out\.weight or other\.weight could be it/);
});

test('F16, BF16 and F64 values widen or round to float32 (normal, subnormal, signed zero, infinite, NaN)', () => {
  const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff, 0x8000, 0x7c00, 0x7e00, 0x3555]).buffer);
  assert.deepEqual(Array.from(readFloatsLe('F16', f16, 0, 8)), [1, -2, 2 ** -24, 65504, -0, Infinity, NaN, Math.fround(0.333251953125)]);
  const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc0a0, 0x0001, 0xff80]).buffer);
  assert.deepEqual(Array.from(readFloatsLe('BF16', bf16, 0, 4)), [1, -5, 2 ** -133, -Infinity]);
  const f64 = new Uint8Array(new Float64Array([0.1, -1e300, 1e-50]).buffer);
  assert.deepEqual(Array.from(readFloatsLe('F64', f64, 0, 3)), [Math.fround(0.1), -Infinity, 0]);
});

test('the variants made now by this machine\'s PyTorch import to its logits', { skip: torchPython ? false : NEEDS_TORCH }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-torch-variants-'));
  try {
    const run = spawnSync(torchPython as string, ['-B', join(fixtures, 'make_torch_variants.py'), dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const name of Object.keys(LOADABLE)) checkLoadable(dir, name);
    for (const [name, reason] of Object.entries(REFUSED)) assert.throws(() => readTorchSafetensors(bytesOf(dir, name)), reason);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
