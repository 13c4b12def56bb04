/**
 * One batch shape on the device: the arena and token buffers laid out for B × T, the bind group,
 * and the step program with its argument records written once (they depend on the shape only),
 * so a step is a replay of the same dispatches.
 */
import type { ModelConfig } from '../../model/config';
import type { OptimizerConfig } from '../engine';
import { BUFFER_COPY_DST, BUFFER_COPY_SRC, BUFFER_STORAGE, BUFFER_UNIFORM } from './gpuFlags';
import { GpuLayout, planGpu } from './gpuLayout';
import { MAX_GROUPS_PER_DIMENSION } from './kernels/dispatch';
import { writeArgs } from './kernels/kernelSource';
import { ARGS_RECORD_BYTES, Pipelines } from './pipelines';
import { stepProgram } from './stepProgram';
import { WebGpuUnavailableError } from './webgpuUnavailable';

export interface RecordedDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly argsOffset: number;
  readonly groups: readonly [number, number];
}

export interface ShapePlan {
  readonly layout: GpuLayout;
  readonly arena: GPUBuffer;
  readonly ints: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
  readonly dispatches: readonly RecordedDispatch[];
  /** Releases the plan's buffers (work already submitted still completes). */
  readonly destroy: () => void;
}

/** The plan for batches of B sequences of T steps; B = T = 0 holds the parameters alone. */
export function planShape(device: GPUDevice, pipelines: Pipelines, config: ModelConfig, optimizer: OptimizerConfig, batchSize: number, numSteps: number): ShapePlan {
  const layout = planGpu(config, batchSize, numSteps, optimizer.kind === 'adam');
  const limit = device.limits.maxStorageBufferBindingSize;
  if (layout.bytes > limit) {
    throw new WebGpuUnavailableError(`A batch of ${batchSize} × ${numSteps} steps needs ${layout.bytes} bytes of GPU memory in one buffer; this device binds at most ${limit}`);
  }
  const program = batchSize * numSteps > 0 ? stepProgram(config, layout, optimizer) : [];
  if (program.some((d) => d.groups.some((g) => g > MAX_GROUPS_PER_DIMENSION))) {
    throw new WebGpuUnavailableError(`A batch of ${batchSize} × ${numSteps} steps is too large for one WebGPU dispatch`);
  }
  const arena = device.createBuffer({ label: 'arena', size: layout.bytes, usage: BUFFER_STORAGE | BUFFER_COPY_SRC | BUFFER_COPY_DST });
  const ints = device.createBuffer({ label: 'token ids', size: layout.ints.bytes, usage: BUFFER_STORAGE | BUFFER_COPY_DST });
  const argBytes = Math.max(1, program.length) * ARGS_RECORD_BYTES;
  const args = device.createBuffer({ label: 'kernel arguments', size: argBytes, usage: BUFFER_UNIFORM | BUFFER_COPY_DST });
  const records = new DataView(new ArrayBuffer(argBytes));
  program.forEach((d, i) => writeArgs(records, i * ARGS_RECORD_BYTES, d.kernel, d.args));
  device.queue.writeBuffer(args, 0, records.buffer);
  const bindGroup = device.createBindGroup({
    layout: pipelines.layout,
    entries: [
      { binding: 0, resource: { buffer: arena } },
      { binding: 1, resource: { buffer: ints } },
      { binding: 2, resource: { buffer: args, size: ARGS_RECORD_BYTES } },
    ],
  });
  const dispatches = program.map((d, i) => {
    const pipeline = pipelines.byKernel.get(d.kernel.name);
    if (!pipeline) throw new Error(`No pipeline for kernel ${d.kernel.name}`);
    return { pipeline, argsOffset: i * ARGS_RECORD_BYTES, groups: d.groups };
  });
  const destroy = (): void => {
    for (const b of [arena, ints, args]) b.destroy();
  };
  return { layout, arena, ints, bindGroup, dispatches, destroy };
}

/** Records a step: every dispatch in one compute pass. */
export function recordStep(encoder: GPUCommandEncoder, plan: ShapePlan): void {
  const pass = encoder.beginComputePass();
  for (const d of plan.dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, plan.bindGroup, [d.argsOffset]);
    pass.dispatchWorkgroups(d.groups[0], d.groups[1]);
  }
  pass.end();
}
