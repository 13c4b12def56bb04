/**
 * Between the named parameters (ParamSet: `l0.W_xi` [d, h], …) and the fused engine's flat θ,
 * where each layer's gates sit side by side in packing order (CELL_GATES): the packed W_x is
 * [d × G·h] with W_x{gate g} in columns [g·h, (g+1)·h), likewise W_h and b; the head as is.
 * Then from θ to the panel-packed copies the matrix products read.
 */
import type { ModelConfig } from '../../../model/config';
import { CELL_GATES, ParamSet, layerParamName, validateParams } from '../../../model/paramSpec';
import { CELL_PLANS } from './cellPlan';
import type { FusedKernels } from '../kernels/kernels';
import type { ModelLayout } from './layout';

/** A [rows × h] gate block and its place in a [rows × G·h] packed matrix. */
function gateColumns(packed: Float32Array, rows: number, h: number, gate: number, gates: number, block: Float32Array, toPacked: boolean): void {
  const width = gates * h;
  for (let r = 0; r < rows; r++) {
    const row = packed.subarray(r * width + gate * h, r * width + (gate + 1) * h);
    if (toPacked) row.set(block.subarray(r * h, (r + 1) * h));
    else block.set(row, r * h);
  }
}

/** Visits every (named parameter, packed location) pair; `gate` is absent for the head, stored as is. */
function forEachParam(config: ModelConfig, layout: ModelLayout, memory: ArrayBuffer, visit: (name: string, packed: Float32Array, rows: number, gate?: number) => void): void {
  const h = config.hiddenSize;
  const gates = CELL_GATES[config.cell];
  const G = gates.length;
  const view = (byteOffset: number, floats: number): Float32Array => new Float32Array(memory, byteOffset, floats);
  layout.layers.forEach((lp, layer) => {
    gates.forEach((g, gi) => {
      visit(layerParamName(layer, g.wx), view(lp.wx, lp.inputSize * G * h), lp.inputSize, gi);
      visit(layerParamName(layer, g.wh), view(lp.wh, h * G * h), h, gi);
      visit(layerParamName(layer, g.b), view(lp.b, G * h), 1, gi);
    });
  });
  visit('W_hq', view(layout.whq, h * config.vocabSize), h);
  visit('b_q', view(layout.bq, config.vocabSize), 1);
}

/** Writes `params` (validated against the config) into θ. */
export function writeParams(config: ModelConfig, layout: ModelLayout, memory: ArrayBuffer, params: ParamSet): void {
  validateParams(config, params);
  const G = CELL_GATES[config.cell].length;
  forEachParam(config, layout, memory, (name, packed, rows, gate) => {
    const values = params.get(name) as Float32Array;
    if (gate === undefined) packed.set(values);
    else gateColumns(packed, rows, config.hiddenSize, gate, G, values, true);
  });
}

/** Reads θ (or, with `shift` = layout.gradShift, ∂θ) back into named parameters. */
export function readParams(config: ModelConfig, layout: ModelLayout, memory: ArrayBuffer, shift = 0): ParamSet {
  const out: ParamSet = new Map();
  const G = CELL_GATES[config.cell].length;
  const h = config.hiddenSize;
  forEachParam(config, layout, memory, (name, packed, rows, gate) => {
    const src = shift === 0 ? packed : new Float32Array(memory, packed.byteOffset + shift, packed.length);
    if (gate === undefined) {
      out.set(name, new Float32Array(src));
      return;
    }
    const block = new Float32Array(rows * h);
    gateColumns(src, rows, h, gate, G, block, false);
    out.set(name, block);
  });
  return out;
}

/** Refreshes the packed copies of the weights the products read (after every change of θ). */
export function packWeights(k: FusedKernels, config: ModelConfig, model: ModelLayout): void {
  const { hiddenSize: h, vocabSize: V } = config;
  const plan = CELL_PLANS[config.cell];
  const Gh = plan.gates * h;
  model.layers.forEach((lp, layer) => {
    const packed = model.packed[layer];
    if (layer > 0) {
      k.packB(packed.wx, lp.wx, Gh, 1, h, Gh);
      k.packB(packed.wxT, lp.wx, 1, Gh, Gh, h);
    }
    plan.recurrentBlocks.forEach((blk, i) => {
      const cols = lp.wh + blk.first * h * 4;
      k.packB(packed.recurrent[i], cols, Gh, 1, h, blk.count * h);
      k.packB(packed.recurrentT[i], cols, 1, Gh, blk.count * h, h);
    });
  });
  k.packB(model.whqPacked, model.whq, V, 1, h, V);
  k.packB(model.whqTPacked, model.whq, 1, V, V, h);
}
