/**
 * A WGSL kernel and its arguments. Every kernel sees the same three bindings: `mem`, the one
 * float32 arena that holds θ, ∂θ and the batch's activations (offsets count floats); `ints`, the
 * batch's token ids; and `args`, its own uniform record, one per dispatch at a dynamic offset.
 * The Args struct is generated from the same field list that writes the record, so the two
 * cannot drift apart.
 */

export type ArgType = 'u32' | 'f32';

export interface KernelSource<A extends string = string> {
  /** Names the pipeline (and the equation it computes, in the body's comments). */
  readonly name: string;
  /** The fields of the Args struct, in order. */
  readonly args: Readonly<Record<A, ArgType>>;
  /** WGSL after the bindings: workgroup variables, helpers and `fn main`. */
  readonly body: string;
}

/** The shared bindings and this kernel's Args struct, then its body. */
export function kernelCode(kernel: KernelSource): string {
  const fields = Object.entries(kernel.args).map(([name, type]) => `  ${name}: ${type},`);
  return [
    `struct Args {\n${fields.join('\n')}\n}`,
    '@group(0) @binding(0) var<storage, read_write> mem: array<f32>;',
    '@group(0) @binding(1) var<storage, read> ints: array<u32>;',
    '@group(0) @binding(2) var<uniform> args: Args;',
    kernel.body,
  ].join('\n');
}

/** Writes one dispatch's record at byte `at` of `view`, in the Args struct's field order. */
export function writeArgs<A extends string>(view: DataView, at: number, kernel: KernelSource<A>, values: Readonly<Record<A, number>>): void {
  Object.entries(kernel.args).forEach(([name, type], i) => {
    const v = values[name as A];
    if (type === 'f32') view.setFloat32(at + 4 * i, v, true);
    else view.setUint32(at + 4 * i, v, true);
  });
}

/** Threads per workgroup of the kernels that run one thread per element or row. */
export const ELEMENT_GROUP = 256;

/**
 * A kernel with one thread per index i < args.count (a 2-D grid when the count passes the
 * 65 535 workgroups of one dimension); `body` runs with `i` in range.
 */
export function elementKernel<A extends string>(name: string, args: Readonly<Record<A, ArgType>>, helpers: string, body: string): KernelSource<A | 'count'> {
  return {
    name,
    args: { ...args, count: 'u32' },
    body: `${helpers}
@compute @workgroup_size(${ELEMENT_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * ${ELEMENT_GROUP}u;
  if (i >= args.count) { return; }
${body}
}`,
  };
}
