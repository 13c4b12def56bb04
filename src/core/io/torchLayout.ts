/**
 * d2l's parameters ↔ a PyTorch state dict of d2l's concise `RNNModel` (`self.rnn = nn.LSTM(...)`,
 * `self.linear = nn.Linear(h, V)`); imports also read the other usual names (torchSchemes.ts),
 * an nn.Embedding before the recurrent module, and modules made with bias=False.
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
import { recogniseTorchNames, type TorchNames } from './torchSchemes';
import { refuseUnsupportedTorchOptions } from './torchUnsupported';

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

/** How one state dict holds a model: its parts' names and which of the optional tensors it has. */
interface TorchParts {
  readonly names: TorchNames;
  /** The recurrent module was made with bias=True (it has bias_ih_l* and bias_hh_l*). */
  readonly biases: boolean;
  readonly headBias: boolean;
  /** The width e of the nn.Embedding [V, e] that feeds layer 0, when there is one. */
  readonly embeddingWidth?: number;
}

/** What exports write: d2l-zh's RNNModel, biases included. */
const D2L_ZH_PARTS: TorchParts = { names: { scheme: "d2l-zh's RNNModel", recurrent: 'rnn.', head: 'linear.', byShape: false }, biases: true, headBias: true };

/** Every tensor name of the state dict of `config` held as `parts` and its shape. */
function stateDictShapes(config: ModelConfig, parts: TorchParts): Map<string, number[]> {
  const h = config.hiddenSize;
  const rows = torchGates(config.cell).length * h;
  const { recurrent: rnn, head, embedding } = parts.names;
  const shapes = new Map<string, number[]>();
  if (embedding !== undefined && parts.embeddingWidth !== undefined) shapes.set(`${embedding}weight`, [config.vocabSize, parts.embeddingWidth]);
  for (let k = 0; k < config.numLayers; k++) {
    shapes.set(`${rnn}weight_ih_l${k}`, [rows, k === 0 && parts.embeddingWidth !== undefined ? parts.embeddingWidth : layerInputSize(config, k)]);
    shapes.set(`${rnn}weight_hh_l${k}`, [rows, h]);
    if (parts.biases) {
      shapes.set(`${rnn}bias_ih_l${k}`, [rows]);
      shapes.set(`${rnn}bias_hh_l${k}`, [rows]);
    }
  }
  shapes.set(`${head}weight`, [config.vocabSize, h]);
  if (parts.headBias) shapes.set(`${head}bias`, [config.vocabSize]);
  return shapes;
}

/** Every tensor name of the PyTorch state dict of `config` and its shape. */
export function torchShapes(config: ModelConfig): Map<string, number[]> {
  return stateDictShapes(config, D2L_ZH_PARTS);
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
function inferConfig(tensors: ReadonlyMap<string, Tensor>, names: TorchNames): ModelConfig {
  const hh0Name = `${names.recurrent}weight_hh_l0`;
  const hh0 = tensors.get(hh0Name);
  const head = tensors.get(`${names.head}weight`);
  if (!hh0 || !head || hh0.shape.length !== 2 || head.shape.length !== 2) {
    throw new Error(`Not a state dict of ${names.scheme}: expected ${hh0Name} and ${names.head}weight matrices, found ${[...tensors.keys()].join(', ')}`);
  }
  const h = hh0.shape[1];
  const blocks = hh0.shape[0] / h;
  const cell = TORCH_CELLS.find((c) => torchGates(c).length === blocks);
  if (!cell) {
    const gru = cellInfo('gru').torch;
    const what = blocks === 3 ? `an nn.GRU, whose reset gate differs from d2l's GRU (${'unsupported' in gru ? gru.unsupported : ''})` : `${blocks} gate blocks`;
    throw new Error(`${hh0Name} has shape [${hh0.shape.join(', ')}]: ${what}. LSTM Lens reads nn.LSTM and nn.RNN.`);
  }
  let numLayers = 0;
  while (tensors.has(`${names.recurrent}weight_hh_l${numLayers}`)) numLayers++;
  return { cell, vocabSize: head.shape[0], hiddenSize: h, numLayers };
}

/** The width of the embedding matrix [V, e] named `key`. */
function embeddingWidth(tensors: ReadonlyMap<string, Tensor>, key: string): number {
  const { shape } = tensors.get(key) as Tensor;
  if (shape.length !== 2) throw new Error(`Tensor ${key} has shape [${shape.join(', ')}], not an nn.Embedding's [vocabulary, width]`);
  return shape[1];
}

/** Which optional tensors the state dict has. */
function partsOf(tensors: ReadonlyMap<string, Tensor>, names: TorchNames): TorchParts {
  const biases = tensors.has(`${names.recurrent}bias_ih_l0`) || tensors.has(`${names.recurrent}bias_hh_l0`);
  const headBias = tensors.has(`${names.head}bias`);
  return names.embedding === undefined ? { names, biases, headBias } : { names, biases, headBias, embeddingWidth: embeddingWidth(tensors, `${names.embedding}weight`) };
}

/** Refuses tensors the parts do not account for, missing ones and wrong shapes, naming them. */
function checkShapes(tensors: ReadonlyMap<string, Tensor>, config: ModelConfig, parts: TorchParts): void {
  const expected = stateDictShapes(config, parts);
  const unexpected = [...tensors.keys()].filter((n) => !expected.has(n));
  if (unexpected.length > 0) {
    throw new Error(`Unexpected tensors ${unexpected.join(', ')}: LSTM Lens reads unidirectional nn.LSTM/nn.RNN with no projections, read here as ${parts.names.scheme}`);
  }
  for (const [name, shape] of expected) {
    const t = tensors.get(name);
    if (!t) throw new Error(`Missing tensor ${name} [${shape.join(', ')}]`);
    if (t.shape.join() !== shape.join()) {
      throw new Error(`Tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] for a ${config.cell} with vocabulary ${config.vocabSize}, hidden ${config.hiddenSize}`);
    }
  }
}

/**
 * Layer 0's W_x [V, h] of one gate when an nn.Embedding E [V, e] feeds the cell: PyTorch computes
 * x_t W_ihᵀ with x_t = E[token], and for the one-hot x_t LSTM Lens feeds, one_hot(token) · W_x
 * is row `token` of W_x = E · W_ihᵀ, exactly (W_ih: this gate's block [h, e]).
 */
function foldEmbedding(E: Float32Array, vocab: number, e: number, W_ih: Float32Array, h: number): Float32Array {
  const W_x = new Float32Array(vocab * h);
  for (let v = 0; v < vocab; v++) {
    for (let j = 0; j < h; j++) {
      let sum = 0;
      for (let k = 0; k < e; k++) sum += E[v * e + k] * W_ih[j * e + k];
      W_x[v * h + j] = sum;
    }
  }
  return W_x;
}

/** What the import changed or guessed, in words, for the user to see. */
function importNotes(config: ModelConfig, parts: TorchParts): string[] {
  const { recurrent, head, embedding, byShape } = parts.names;
  return [
    ...(byShape ? [`The output head is ${head}weight [${config.vocabSize}, ${config.hiddenSize}], found by its shape`] : []),
    ...(embedding !== undefined
      ? [`The nn.Embedding ${embedding}weight [${config.vocabSize}, ${parts.embeddingWidth}] is folded into layer 0's input weights (W_x = E · W_ihᵀ), exact for one-hot input`]
      : []),
    ...(parts.biases ? [] : [`${recurrent}weight_ih_l0 has no biases beside it (bias=False): the gates' biases are zero`]),
    ...(parts.headBias ? [] : [`${head}weight has no bias beside it (bias=False): the head's bias is zero`]),
  ];
}

/**
 * The d2l model held by a PyTorch state dict of nn.LSTM or nn.RNN (unidirectional, no
 * projections; biases or bias=False; one-hot inputs, or an nn.Embedding folded into layer 0),
 * with notes on what the import changed or guessed.
 */
export function fromTorchStateDict(tensors: ReadonlyMap<string, Tensor>): { config: ModelConfig; params: ParamSet; notes: string[] } {
  refuseUnsupportedTorchOptions(tensors);
  const names = recogniseTorchNames(tensors);
  const config = inferConfig(tensors, names);
  const parts = partsOf(tensors, names);
  checkShapes(tensors, config, parts);
  const get = (name: string) => (tensors.get(name) as Tensor).data;
  const h = config.hiddenSize;
  const rows = torchGates(config.cell).length * h;
  const zeros = new Float32Array(rows);
  const bias = (name: string) => (parts.biases ? get(name) : zeros);
  const params: ParamSet = new Map();
  for (let k = 0; k < config.numLayers; k++) {
    const e = k === 0 ? parts.embeddingWidth : undefined; // an embedding feeds layer 0
    const d = e ?? layerInputSize(config, k);
    const [ih, hh] = ['weight_ih', 'weight_hh'].map((p) => get(`${names.recurrent}${p}_l${k}`));
    const [bih, bhh] = ['bias_ih', 'bias_hh'].map((p) => bias(`${names.recurrent}${p}_l${k}`));
    torchGates(config.cell).forEach((g, block) => {
      const W_ih = ih.subarray(block * h * d, (block + 1) * h * d);
      params.set(layerParamName(k, g.wx), e === undefined ? transpose(W_ih, h, d) : foldEmbedding(get(`${names.embedding as string}weight`), config.vocabSize, e, W_ih, h));
      params.set(layerParamName(k, g.wh), transpose(hh.subarray(block * h * h, (block + 1) * h * h), h, h));
      params.set(layerParamName(k, g.b), bih.subarray(block * h, (block + 1) * h).map((b, j) => b + bhh[block * h + j]));
    });
  }
  params.set('W_hq', transpose(get(`${names.head}weight`), config.vocabSize, h));
  params.set('b_q', parts.headBias ? new Float32Array(get(`${names.head}bias`)) : new Float32Array(config.vocabSize));
  return { config, params, notes: importNotes(config, parts) };
}
