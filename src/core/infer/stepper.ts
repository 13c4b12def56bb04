/**
 * A batch-1 model stepped one token at a time in plain TypeScript: what the editor host runs
 * for hovers, traces and generation, with no tf.js. The same d2l equations as the tf.js cells
 * (src/core/model/*Cell.ts), computed in float64; the one-hot input is a row lookup of W_x.
 */
import { perCellKind } from '../model/cells/cellInfos';
import type { CellKind, ModelConfig } from '../model/config';
import { InferState, zeroInferState } from './inferState';
import { PackedLayer, PackedModel, WeightSource, packModel } from './packedModel';

/** The values recorded per layer and step, by d2l's names (`C_tilde` is C̃, `H_tilde` is H̃). */
export const TRACE_GATES: Readonly<Record<CellKind, readonly string[]>> = perCellKind((c) => c.traceNames);

/** One layer's gate values at the latest step, [h] each, by TRACE_GATES name. */
export type GateBuffers = Readonly<Record<string, Float64Array>>;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** out[j] += Σ_k x[k] · W[k, col0 + j] for j < out.length, W being row-major with `cols` columns. */
function addVecMat(out: Float64Array, x: Float64Array, W: Float64Array, cols: number, col0: number): void {
  const width = out.length;
  for (let k = 0; k < x.length; k++) {
    const xk = x[k];
    if (xk === 0) continue;
    const row = k * cols + col0;
    for (let j = 0; j < width; j++) out[j] += xk * W[row + j];
  }
}

export class Stepper {
  readonly model: PackedModel;
  /** Pre-activations X_t W_x* + H_{t−1} W_h* + b_* of every gate, [G·h], reused each step. */
  private readonly z: Float64Array;
  private readonly gates: GateBuffers[];

  constructor(params: WeightSource, readonly config: ModelConfig) {
    this.model = packModel(params, config);
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
      switch (this.config.cell) {
        case 'lstm':
          lstmStep(z, layer, hPrev, (state.c as Float64Array).subarray(k * h, (k + 1) * h), g);
          break;
        case 'gru':
          gruStep(z, layer, hPrev, g);
          break;
        case 'rnn':
          rnnStep(z, layer, hPrev, g);
          break;
      }
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

/** d2l 10.1, given z = X_t W_x* + b_* for I, F, O, C̃; updates nothing but the buffers `g`. */
function lstmStep(z: Float64Array, layer: PackedLayer, hPrev: Float64Array, cPrev: Float64Array, g: GateBuffers): void {
  const h = hPrev.length;
  addVecMat(z, hPrev, layer.W_h, 4 * h, 0); // + H_{t−1} W_h* for the four gates
  for (let j = 0; j < h; j++) {
    g.I[j] = sigmoid(z[j]); // I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)
    g.F[j] = sigmoid(z[h + j]); // F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)
    g.O[j] = sigmoid(z[2 * h + j]); // O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)
    g.C_tilde[j] = Math.tanh(z[3 * h + j]); // C̃_t = tanh(X_t W_xc + H_{t−1} W_hc + b_c)
    g.C[j] = g.F[j] * cPrev[j] + g.I[j] * g.C_tilde[j]; // C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    g.H[j] = g.O[j] * Math.tanh(g.C[j]); // H_t = O_t ⊙ tanh(C_t)
  }
}

/** d2l 10.2, given z = X_t W_x* + b_* for R, Z, H̃. */
function gruStep(z: Float64Array, layer: PackedLayer, hPrev: Float64Array, g: GateBuffers): void {
  const h = hPrev.length;
  addVecMat(z.subarray(0, 2 * h), hPrev, layer.W_h, 3 * h, 0); // + H_{t−1} W_hr, H_{t−1} W_hz
  for (let j = 0; j < h; j++) {
    g.R[j] = sigmoid(z[j]); // R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)
    g.Z[j] = sigmoid(z[h + j]); // Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)
  }
  const resetH = g.R.map((r, j) => r * hPrev[j]); // R_t ⊙ H_{t−1}
  addVecMat(z.subarray(2 * h), resetH, layer.W_h, 3 * h, 2 * h); // + (R_t ⊙ H_{t−1}) W_hh
  for (let j = 0; j < h; j++) {
    g.H_tilde[j] = Math.tanh(z[2 * h + j]); // H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)
    g.H[j] = g.Z[j] * hPrev[j] + (1 - g.Z[j]) * g.H_tilde[j]; // H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
  }
}

/** d2l 9.5, given z = X_t W_xh + b_h. */
function rnnStep(z: Float64Array, layer: PackedLayer, hPrev: Float64Array, g: GateBuffers): void {
  addVecMat(z, hPrev, layer.W_h, hPrev.length, 0); // + H_{t−1} W_hh
  for (let j = 0; j < hPrev.length; j++) g.H[j] = Math.tanh(z[j]); // H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)
}
