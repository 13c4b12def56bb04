/**
 * One batch shape on the device: the arena and token buffers laid out for B × T, and the step
 * program recorded once (its argument records depend on the shape only), so a step is a replay
 * of the same dispatches (programPlan.ts).
 */
import type { ModelConfig } from '../../model/config';
import type { OptimizerConfig } from '../engine';
import { GpuLayout, planGpu } from './gpuLayout';
import type { Pipelines } from './pipelines';
import { ProgramPlan, planProgram } from './programPlan';
import { stepProgram } from './stepProgram';

export interface ShapePlan extends ProgramPlan {
  readonly layout: GpuLayout;
}

/** The plan for batches of B sequences of T steps; B = T = 0 holds the parameters alone. */
export function planShape(device: GPUDevice, pipelines: Pipelines, config: ModelConfig, optimizer: OptimizerConfig, batchSize: number, numSteps: number): ShapePlan {
  const layout = planGpu(config, batchSize, numSteps, optimizer.kind === 'adam');
  const program = batchSize * numSteps > 0 ? stepProgram(config, layout, optimizer) : [];
  const what = `A batch of ${batchSize} × ${numSteps} steps`;
  return { layout, ...planProgram(device, pipelines, { what, arenaBytes: layout.bytes, intBytes: layout.ints.bytes, program }) };
}
