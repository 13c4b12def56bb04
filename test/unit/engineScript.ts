/**
 * A training script both sides of a comparison run: the fused engine in Node and the WebGPU
 * engine in a page. Plain numbers only (what page.evaluate carries); float32 values survive the
 * trip through float64 unchanged.
 */
import type { ModelConfig } from '../../src/core/model/config';
import type { ParamSet } from '../../src/core/model/paramSpec';
import type { OptimizerConfig, TrainEngine } from '../../src/core/engine/engine';

export type WireParams = [string, number[]][];

export interface ScriptBatch {
  readonly inputs: number[];
  readonly targets: number[];
  readonly batchSize: number;
  readonly numSteps: number;
}

export type ScriptOp = { readonly step: ScriptBatch; readonly reset: boolean } | { readonly setParams: WireParams };

export interface StepRecord {
  readonly loss: number;
  readonly gradNorm: number;
  /** ∂θ of the step, before clipping. */
  readonly grads: WireParams;
}

export interface ScriptResult {
  readonly steps: StepRecord[];
  /** θ after the last op. */
  readonly params: WireParams;
}

export interface Script {
  readonly config: ModelConfig;
  readonly params: WireParams;
  readonly optimizer: OptimizerConfig;
  readonly ops: readonly ScriptOp[];
}

/** An engine whose gradients can be read after a step (the fused and the WebGPU engine). */
export interface GradientEngine extends TrainEngine {
  getGradients(): ParamSet | Promise<ParamSet>;
}

export function toWire(params: ParamSet): WireParams {
  return [...params].map(([name, v]) => [name, Array.from(v)]);
}

export function fromWire(params: WireParams): ParamSet {
  return new Map(params.map(([name, v]) => [name, Float32Array.from(v)]));
}

export async function runScript(engine: GradientEngine, ops: readonly ScriptOp[]): Promise<ScriptResult> {
  const steps: StepRecord[] = [];
  for (const op of ops) {
    if ('setParams' in op) {
      await engine.setParams(fromWire(op.setParams));
      continue;
    }
    const { inputs, targets, batchSize, numSteps } = op.step;
    const r = await engine.trainStep({ inputs: Int32Array.from(inputs), targets: Int32Array.from(targets), batchSize, numSteps }, op.reset);
    steps.push({ loss: r.loss, gradNorm: r.gradNorm, grads: toWire(await engine.getGradients()) });
  }
  return { steps, params: toWire(await engine.getParams()) };
}
