/**
 * How large a model file may say its model is, checked on the config's numbers alone, before
 * anything is allocated for it: a manifest or header that claims 10⁷ layers or 10⁶ hidden
 * units is refused in microseconds instead of exhausting memory while shapes are built.
 */
import { CELL_KINDS, type ModelConfig } from '../model/config';
import { paramCount } from '../model/paramSpec';

/** The default cap on a loaded model's parameters: 50 million float32, 200 MB of weights. */
export const DEFAULT_MAX_PARAMETERS = 50_000_000;

/** The largest sizes a model may have, whatever its parameter count. */
export const MAX_SIZES: Readonly<Record<'vocabSize' | 'hiddenSize' | 'numLayers', number>> = {
  // Tokens are single characters: a vocabulary past 2¹⁶ is not one a tokenizer here builds.
  vocabSize: 65_536,
  hiddenSize: 65_536,
  numLayers: 10_000,
};

export interface ModelLimits {
  /** Refuse a model with more parameters than this; {@link DEFAULT_MAX_PARAMETERS} by default. */
  readonly maxParameters?: number;
}

/**
 * Parameters of `config`, by arithmetic: every layer above the first has the same shapes, so
 * the count is one layer's, plus (L - 1) times the second layer's extra. Only the one- and
 * two-layer shapes are built, whatever `numLayers` says.
 */
export function paramCountOf(config: ModelConfig): number {
  const one = paramCount({ ...config, numLayers: 1 });
  if (config.numLayers === 1) return one;
  const perUpperLayer = paramCount({ ...config, numLayers: 2 }) - one;
  return one + (config.numLayers - 1) * perUpperLayer;
}

/**
 * Throws, naming the field, unless `config` (as read from a file) is a known cell with integer
 * sizes in range and at most `maxParameters` parameters.
 */
export function checkModelSizes(config: unknown, limits: ModelLimits = {}): asserts config is ModelConfig {
  if (typeof config !== 'object' || config === null) throw new Error(`the model config must be an object, got ${JSON.stringify(config)}`);
  const c = config as Record<string, unknown>;
  if (!CELL_KINDS.includes(c.cell as ModelConfig['cell'])) throw new Error(`unknown cell ${JSON.stringify(c.cell)}: expected one of ${CELL_KINDS.join(', ')}`);
  for (const key of ['vocabSize', 'hiddenSize', 'numLayers'] as const) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new Error(`Model config ${key} must be a positive integer, got ${JSON.stringify(v) ?? String(v)}`);
    }
    if (v > MAX_SIZES[key]) throw new Error(`Model config ${key} is ${v}, more than the ${MAX_SIZES[key]} a model may have`);
  }
  const max = limits.maxParameters ?? DEFAULT_MAX_PARAMETERS;
  const count = paramCountOf(config as ModelConfig);
  if (count > max) {
    throw new Error(`the model has ${count.toLocaleString('en-US')} parameters, more than the ${max.toLocaleString('en-US')} allowed (the lstmLens.model.maxParameters setting)`);
  }
}
