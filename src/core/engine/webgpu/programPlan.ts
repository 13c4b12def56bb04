/**
 * A recorded program on the device: its arena and token buffers, the bind group, and every
 * dispatch with its argument record written once, so running it is a replay of the same
 * dispatches in one compute pass. A training step's shape (shapePlan.ts) and a trace's length
 * (webgpuTracer.ts) each get one.
 */
import { BUFFER_COPY_DST, BUFFER_COPY_SRC, BUFFER_STORAGE, BUFFER_UNIFORM } from './gpuFlags';
import { Dispatch, MAX_GROUPS_PER_DIMENSION } from './kernels/dispatch';
import { writeArgs } from './kernels/kernelSource';
import { ARGS_RECORD_BYTES, Pipelines } from './pipelines';
import { WebGpuUnavailableError } from './webgpuUnavailable';

export interface RecordedDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly argsOffset: number;
  readonly groups: readonly [number, number];
}

export interface ProgramPlan {
  readonly arena: GPUBuffer;
  readonly ints: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
  readonly dispatches: readonly RecordedDispatch[];
  /** Releases the plan's buffers (work already submitted still completes). */
  readonly destroy: () => void;
}

/** What a program needs: bytes of its arena and token ids, and its dispatches; `what` names it in errors ("A batch of 32 × 35 steps"). */
export interface ProgramSpec {
  readonly what: string;
  readonly arenaBytes: number;
  readonly intBytes: number;
  readonly program: readonly Dispatch[];
}

/** Lays `spec` out on the device; WebGpuUnavailableError when it does not fit one binding or one dispatch. */
export function planProgram(device: GPUDevice, pipelines: Pipelines, spec: ProgramSpec): ProgramPlan {
  const { what, arenaBytes, intBytes, program } = spec;
  const limit = device.limits.maxStorageBufferBindingSize;
  if (arenaBytes > limit) throw new WebGpuUnavailableError(`${what} needs ${arenaBytes} bytes of GPU memory in one buffer; this device binds at most ${limit}`);
  if (program.some((d) => d.groups.some((g) => g > MAX_GROUPS_PER_DIMENSION))) throw new WebGpuUnavailableError(`${what} is too large for one WebGPU dispatch`);
  const arena = device.createBuffer({ label: 'arena', size: arenaBytes, usage: BUFFER_STORAGE | BUFFER_COPY_SRC | BUFFER_COPY_DST });
  const ints = device.createBuffer({ label: 'token ids', size: intBytes, usage: BUFFER_STORAGE | BUFFER_COPY_DST });
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
  return { arena, ints, bindGroup, dispatches, destroy };
}

/** Records the program: every dispatch in one compute pass. */
export function recordProgram(encoder: GPUCommandEncoder, plan: ProgramPlan): void {
  const pass = encoder.beginComputePass();
  for (const d of plan.dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, plan.bindGroup, [d.argsOffset]);
    pass.dispatchWorkgroups(d.groups[0], d.groups[1]);
  }
  pass.end();
}
