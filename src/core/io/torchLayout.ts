/**
 * d2l's parameters ↔ a PyTorch state dict of d2l's concise `RNNModel` (`self.rnn = nn.LSTM(...)`,
 * `self.linear = nn.Linear(h, V)`).
 *
 * PyTorch stacks a layer's gates as row blocks of `rnn.weight_ih_l{k}` [G·h, d] and
 * `rnn.weight_hh_l{k}` [G·h, h] and computes x Wᵀ + b_ih + h Wᵀ + b_hh, so each block is the
 * transpose of d2l's W_x* [d, h] / W_h* [h, h], and d2l's single bias is b_ih + b_hh.
 * nn.LSTM's blocks are i, f, g, o (g is d2l's C̃); nn.RNN (tanh) has the one block.
 * nn.GRU cannot be mapped: it applies the reset gate after the recurrent matmul,
 * r ⊙ (h W_hnᵀ + b_hn), where d2l's GRU computes (R ⊙ H) W_hh.
 */
import { cellInfo, gatesInOrder } from '../model/cells/cellInfos';
import { CELL_KINDS, CellKind, ModelConfig, layerInputSize } from '../model/config';
import { GateNames, layerParamName, ParamSet } from '../model/paramSpec';
import type { Tensor } from './safetensors';

/** The cells PyTorch can hold with the same equations (each CellInfo's `torch` says how). */
export const TORCH_CELLS = CELL_KINDS.filter((k) => 'gateOrder' in cellInfo(k).torch);

/** d2l's gates in the order PyTorch stacks the blocks. */
function torchGates(cell: CellKind): GateNames[] {
  const { torch } = cellInfo(cell);
  if (!('gateOrder' in torch)) {
    throw new Error(
      `A ${cell.toUpperCase()} model cannot be exchanged with PyTorch: ${torch.unsupported}. ` +
        `Save it in the LSTM Lens format instead (PyTorch exchange supports ${TORCH_CELLS.join(', ')}).`,
    );
  }
  return gatesInOrder(cell, torch.gateOrder);
}

/** Row-major [rows, cols] → [cols, rows]. */
function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

/** Every tensor name of the PyTorch state dict of `config` and its shape. */
export function torchShapes(config: ModelConfig): Map<string, number[]> {
  const h = config.hiddenSize;
  const rows = torchGates(config.cell).length * h;
  const shapes = new Map<string, number[]>();
  for (let k = 0; k < config.numLayers; k++) {
    shapes.set(`rnn.weight_ih_l${k}`, [rows, layerInputSize(config, k)]);
    shapes.set(`rnn.weight_hh_l${k}`, [rows, h]);
    shapes.set(`rnn.bias_ih_l${k}`, [rows]);
    shapes.set(`rnn.bias_hh_l${k}`, [rows]);
  }
  shapes.set('linear.weight', [config.vocabSize, h]);
  shapes.set('linear.bias', [config.vocabSize]);
  return shapes;
}

/** The state dict of a d2l model: b_ih = b, b_hh = 0. */
export function toTorchStateDict(config: ModelConfig, params: ParamSet): Map<string, Tensor> {
  const h = config.hiddenSize;
  const gates = torchGates(config.cell);
  const shapes = torchShapes(config);
  const tensors = new Map<string, Tensor>();
  const add = (name: string, data: Float32Array) => tensors.set(name, { shape: shapes.get(name) as number[], data });
  const get = (name: string) => params.get(name) as Float32Array;
  for (let k = 0; k < config.numLayers; k++) {
    const d = layerInputSize(config, k);
    const [ih, hh, bih] = [new Float32Array(gates.length * h * d), new Float32Array(gates.length * h * h), new Float32Array(gates.length * h)];
    gates.forEach((g, block) => {
      ih.set(transpose(get(layerParamName(k, g.wx)), d, h), block * h * d);
      hh.set(transpose(get(layerParamName(k, g.wh)), h, h), block * h * h);
      bih.set(get(layerParamName(k, g.b)), block * h);
    });
    add(`rnn.weight_ih_l${k}`, ih);
    add(`rnn.weight_hh_l${k}`, hh);
    add(`rnn.bias_ih_l${k}`, bih);
    add(`rnn.bias_hh_l${k}`, new Float32Array(gates.length * h));
  }
  add('linear.weight', transpose(get('W_hq'), h, config.vocabSize));
  add('linear.bias', get('b_q'));
  return tensors;
}

/** Reads the cell, sizes and depth off the state dict's shapes. */
function inferConfig(tensors: ReadonlyMap<string, Tensor>): ModelConfig {
  const hh0 = tensors.get('rnn.weight_hh_l0');
  const head = tensors.get('linear.weight');
  if (!hh0 || !head || hh0.shape.length !== 2 || head.shape.length !== 2) {
    throw new Error(`Not a state dict of d2l's RNNModel: expected rnn.weight_hh_l0 and linear.weight matrices, found ${[...tensors.keys()].join(', ')}`);
  }
  const h = hh0.shape[1];
  const blocks = hh0.shape[0] / h;
  const cell = TORCH_CELLS.find((c) => torchGates(c).length === blocks);
  if (!cell) {
    const what = blocks === 3 ? 'an nn.GRU, whose reset gate differs from d2l\'s GRU' : `${blocks} gate blocks`;
    throw new Error(`rnn.weight_hh_l0 has shape [${hh0.shape.join(', ')}]: ${what}. LSTM Lens reads nn.LSTM and nn.RNN.`);
  }
  let numLayers = 0;
  while (tensors.has(`rnn.weight_hh_l${numLayers}`)) numLayers++;
  return { cell, vocabSize: head.shape[0], hiddenSize: h, numLayers };
}

/**
 * The d2l model held by a PyTorch state dict of nn.LSTM or nn.RNN (unidirectional, with
 * biases, no projections; one-hot inputs, so layer 0's input size is the vocabulary size).
 */
export function fromTorchStateDict(tensors: ReadonlyMap<string, Tensor>): { config: ModelConfig; params: ParamSet } {
  const config = inferConfig(tensors);
  const expected = torchShapes(config);
  const unexpected = [...tensors.keys()].filter((n) => !expected.has(n));
  if (unexpected.length > 0) {
    throw new Error(`Unexpected tensors ${unexpected.join(', ')}: LSTM Lens reads unidirectional nn.LSTM/nn.RNN with biases and no projections`);
  }
  for (const [name, shape] of expected) {
    const t = tensors.get(name);
    if (!t) throw new Error(`Missing tensor ${name} [${shape.join(', ')}]`);
    if (t.shape.join() !== shape.join()) {
      throw new Error(`Tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] for a ${config.cell} with vocabulary ${config.vocabSize}, hidden ${config.hiddenSize}`);
    }
  }
  const get = (name: string) => (tensors.get(name) as Tensor).data;
  const h = config.hiddenSize;
  const params: ParamSet = new Map();
  for (let k = 0; k < config.numLayers; k++) {
    const d = layerInputSize(config, k);
    const [ih, hh, bih, bhh] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((p) => get(`rnn.${p}_l${k}`));
    torchGates(config.cell).forEach((g, block) => {
      params.set(layerParamName(k, g.wx), transpose(ih.subarray(block * h * d, (block + 1) * h * d), h, d));
      params.set(layerParamName(k, g.wh), transpose(hh.subarray(block * h * h, (block + 1) * h * h), h, h));
      params.set(layerParamName(k, g.b), bih.subarray(block * h, (block + 1) * h).map((b, j) => b + bhh[block * h + j]));
    });
  }
  params.set('W_hq', transpose(get('linear.weight'), config.vocabSize, h));
  params.set('b_q', new Float32Array(get('linear.bias')));
  return { config, params };
}

