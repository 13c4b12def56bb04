/**
 * The named parameters of a model, in d2l's notation and layout.
 *
 * Weights act on row vectors as in d2l (X W): W_x* has shape [d, h], W_h* has [h, h], biases [h],
 * the head W_hq [h, V] and b_q [V]. Layer k's names are prefixed `l{k}.` (`l0.W_xi`); the head
 * is `W_hq`, `b_q`. Every engine, checkpoint and converter uses exactly these names and shapes;
 * engines may pack them (for example the four LSTM gates side by side) but convert back here.
 */
import { CellKind, ModelConfig, layerInputSize } from './config';
import type { GateNames } from './cells/cellInfo';
import { perCellKind } from './cells/cellInfos';

export type { GateNames } from './cells/cellInfo';

/**
 * The gates of each cell, in the order engines pack them (each CellInfo's `gates`).
 * LSTM: input I, forget F, output O, candidate C̃ (d2l's order; PyTorch's is i, f, g, o).
 * GRU: reset R, update Z, candidate H̃. RNN: the single hidden transform.
 */
export const CELL_GATES: Readonly<Record<CellKind, readonly GateNames[]>> = perCellKind((c) => c.gates);

export interface ParamShape {
  readonly name: string;
  readonly shape: readonly number[];
  /** Weights start N(0, 0.01²), biases at zero (d2l's init). */
  readonly kind: 'weight' | 'bias';
}

/** A model's parameters: name → float32 values in row-major order of the spec's shape. */
export type ParamSet = Map<string, Float32Array>;

export function layerParamName(layer: number, name: string): string {
  return `l${layer}.${name}`;
}

/** Every parameter of `config`, layer by layer and gate by gate, then the head. */
export function paramShapes(config: ModelConfig): ParamShape[] {
  const out: ParamShape[] = [];
  const h = config.hiddenSize;
  for (let layer = 0; layer < config.numLayers; layer++) {
    const d = layerInputSize(config, layer);
    for (const g of CELL_GATES[config.cell]) {
      out.push({ name: layerParamName(layer, g.wx), shape: [d, h], kind: 'weight' });
      out.push({ name: layerParamName(layer, g.wh), shape: [h, h], kind: 'weight' });
      out.push({ name: layerParamName(layer, g.b), shape: [h], kind: 'bias' });
    }
  }
  out.push({ name: 'W_hq', shape: [h, config.vocabSize], kind: 'weight' });
  out.push({ name: 'b_q', shape: [config.vocabSize], kind: 'bias' });
  return out;
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Total number of scalars in a model. */
export function paramCount(config: ModelConfig): number {
  return paramShapes(config).reduce((n, p) => n + shapeSize(p.shape), 0);
}

/** Checks that `params` holds exactly the spec's names with the right sizes; throws otherwise. */
export function validateParams(config: ModelConfig, params: ParamSet): void {
  const spec = paramShapes(config);
  for (const p of spec) {
    const v = params.get(p.name);
    if (!v) throw new Error(`Missing parameter ${p.name} [${p.shape.join(', ')}]`);
    if (v.length !== shapeSize(p.shape)) {
      throw new Error(`Parameter ${p.name} has ${v.length} values, expected ${shapeSize(p.shape)} for shape [${p.shape.join(', ')}]`);
    }
  }
  if (params.size !== spec.length) {
    const known = new Set(spec.map((p) => p.name));
    const extra = [...params.keys()].filter((k) => !known.has(k));
    throw new Error(`Unexpected parameters for a ${config.cell} model: ${extra.join(', ')}`);
  }
}

/** Deep copy, so a snapshot (the last good weights) cannot be changed by training. */
export function cloneParams(params: ParamSet): ParamSet {
  return new Map([...params].map(([k, v]) => [k, new Float32Array(v)]));
}
