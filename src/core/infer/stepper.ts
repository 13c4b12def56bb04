/**
 * A batch-1 model stepped one token at a time in plain TypeScript: what the editor host runs
 * for hovers, traces and generation, with no tf.js. The same d2l equations as the tf.js cells
 * (src/core/model/*Cell.ts), computed in float64 by each CellSpec's step64 (model/cells/*Spec.ts);
 * the one-hot input is a row lookup of W_x.
 */
import { perCellKind } from '../model/cells/cellInfos';
import type { CellSpec } from '../model/cells/cellSpec';
import { cellSpec } from '../model/cells/cellSpecs';
import { GateBuffers, addVecMat } from '../model/cells/float64';
import type { CellKind, ModelConfig } from '../model/config';
import { InferState, zeroInferState } from './inferState';
import { PackedModel, WeightSource, packModel } from './packedModel';

/** The values recorded per layer and step, by d2l's names (`C_tilde` is C̃, `H_tilde` is H̃). */
export const TRACE_GATES: Readonly<Record<CellKind, readonly string[]>> = perCellKind((c) => c.traceNames);

export class Stepper {
  readonly model: PackedModel;
  /** Pre-activations X_t W_x* + H_{t−1} W_h* + b_* of every gate, [G·h], reused each step. */
  private readonly z: Float64Array;
  private readonly gates: GateBuffers[];
  private readonly spec: CellSpec;

  constructor(params: WeightSource, readonly config: ModelConfig) {
    this.model = packModel(params, config);
    this.spec = cellSpec(config.cell);
    const h = config.hiddenSize;
    this.z = new Float64Array(this.model.layers[0].b.length);
    this.gates = this.model.layers.map(() => Object.fromEntries(TRACE_GATES[config.cell].map((g) => [g, new Float64Array(h)])));
  }

  zeroState(): InferState {
    return zeroInferState(this.config);
  }

  /** Reads one token and advances `state` in place; gatesOf(k) then holds layer k's values. */
  step(token: number, state: InferState): void {
    if (!Number.isInteger(token) || token < 0 || token >= this.config.vocabSize) {
      throw new Error(`Token id ${token} is outside the vocabulary of ${this.config.vocabSize}`);
    }
    const h = this.config.hiddenSize;
    this.model.layers.forEach((layer, k) => {
      const z = this.z;
      z.set(layer.b);
      if (k === 0) {
        // One-hot X_t times W_x is W_x's row for the token.
        const row = token * z.length;
        for (let j = 0; j < z.length; j++) z[j] += layer.W_x[row + j];
      } else {
        addVecMat(z, this.gates[k - 1].H, layer.W_x, z.length, 0);
      }
      const hPrev = state.h.subarray(k * h, (k + 1) * h);
      const g = this.gates[k];
      this.spec.step64(z, layer.W_h, hPrev, g, state.c?.subarray(k * h, (k + 1) * h));
      hPrev.set(g.H);
      if (state.c) state.c.set(g.C, k * h);
    });
  }

  /** Layer k's gate values from the latest step (overwritten by the next one). */
  gatesOf(layer: number): GateBuffers {
    return this.gates[layer];
  }

  /** Y = H W_hq + b_q from the top layer's H in `state`: the next token's logits [V]. */
  logits(state: InferState): Float64Array {
    const { hiddenSize: h, numLayers, vocabSize } = this.config;
    const y = Float64Array.from(this.model.b_q);
    addVecMat(y, state.h.subarray((numLayers - 1) * h, numLayers * h), this.model.W_hq, vocabSize, 0);
    return y;
  }

  /** Steps through `tokens` from `state` (zero when absent) and returns the state after them. */
  run(tokens: ArrayLike<number>, state: InferState = this.zeroState()): InferState {
    for (let t = 0; t < tokens.length; t++) this.step(tokens[t], state);
    return state;
  }
}
