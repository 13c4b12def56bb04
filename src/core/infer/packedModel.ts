/**
 * A model's parameters packed for stepping one token at a time in plain TypeScript: each
 * layer's gates side by side (W_x [d, G·h], W_h [h, G·h], b [G·h], gates in CELL_GATES order),
 * in float64, so the stepper can serve as the float64 reference that gradient checks need.
 */
import { ModelConfig, layerInputSize, validateModelConfig } from '../model/config';
import { CELL_GATES, layerParamName } from '../model/paramSpec';

/** Named parameters in any precision: a ParamSet, or float64 copies for reference maths. */
export type WeightSource = ReadonlyMap<string, ArrayLike<number>>;

export interface PackedLayer {
  /** Input width d. */
  readonly d: number;
  readonly W_x: Float64Array;
  readonly W_h: Float64Array;
  readonly b: Float64Array;
}

export interface PackedModel {
  readonly config: ModelConfig;
  readonly layers: readonly PackedLayer[];
  /** W_hq [h, V]. */
  readonly W_hq: Float64Array;
  /** b_q [V]. */
  readonly b_q: Float64Array;
}

function get(params: WeightSource, name: string, size: number): ArrayLike<number> {
  const v = params.get(name);
  if (!v) throw new Error(`Missing parameter ${name}`);
  if (v.length !== size) throw new Error(`Parameter ${name} has ${v.length} values, expected ${size}`);
  return v;
}

/** Copies [rows, h] blocks into the columns of one [rows, G·h] matrix. */
function sideBySide(blocks: readonly ArrayLike<number>[], rows: number, h: number): Float64Array {
  const width = blocks.length * h;
  const out = new Float64Array(rows * width);
  blocks.forEach((block, g) => {
    for (let r = 0; r < rows; r++) for (let j = 0; j < h; j++) out[r * width + g * h + j] = block[r * h + j];
  });
  return out;
}

export function packModel(params: WeightSource, config: ModelConfig): PackedModel {
  validateModelConfig(config);
  const h = config.hiddenSize;
  const gates = CELL_GATES[config.cell];
  const layers = Array.from({ length: config.numLayers }, (_, k) => {
    const d = layerInputSize(config, k);
    const name = (n: string) => layerParamName(k, n);
    return {
      d,
      W_x: sideBySide(gates.map((g) => get(params, name(g.wx), d * h)), d, h),
      W_h: sideBySide(gates.map((g) => get(params, name(g.wh), h * h)), h, h),
      b: sideBySide(gates.map((g) => get(params, name(g.b), h)), 1, h),
    };
  });
  return {
    config,
    layers,
    W_hq: Float64Array.from(get(params, 'W_hq', h * config.vocabSize)),
    b_q: Float64Array.from(get(params, 'b_q', config.vocabSize)),
  };
}
