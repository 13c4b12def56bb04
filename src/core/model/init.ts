/** d2l's initialisation: weights ~ N(0, 0.01²), biases zero. */
import type { ModelConfig } from './config';
import { ParamSet, paramShapes, shapeSize } from './paramSpec';
import { Rng } from '../util/rng';

export function initParams(config: ModelConfig, seed: number, scale = 0.01): ParamSet {
  const rng = new Rng(seed);
  const params: ParamSet = new Map();
  for (const p of paramShapes(config)) {
    const v = new Float32Array(shapeSize(p.shape));
    if (p.kind === 'weight') for (let i = 0; i < v.length; i++) v[i] = rng.normal() * scale;
    params.set(p.name, v);
  }
  return params;
}
