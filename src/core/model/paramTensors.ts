/** A ParamSet as tf.js tensors of the spec's shapes, and back. */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import { ParamSet, paramShapes, validateParams } from './paramSpec';

/** One tensor per named parameter, shaped as paramShapes says (the caller disposes them). */
export function paramTensors(config: ModelConfig, params: ParamSet): Map<string, tf.Tensor> {
  validateParams(config, params);
  return new Map(paramShapes(config).map((p) => [p.name, tf.tensor(params.get(p.name) as Float32Array, [...p.shape], 'float32')]));
}

/** Reads tensors back into a ParamSet (copies; awaits the backend, so it works on WebGL too). */
export async function readParams(tensors: ReadonlyMap<string, tf.Tensor>): Promise<ParamSet> {
  const entries = await Promise.all([...tensors].map(async ([name, t]) => [name, (await t.data()) as Float32Array] as const));
  return new Map(entries.map(([name, v]) => [name, new Float32Array(v)]));
}
