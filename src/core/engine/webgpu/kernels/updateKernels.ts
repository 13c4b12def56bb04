/**
 * The end of a step, on the GPU so the step needs no read-back before its update:
 *   ‖g‖² = Σ g² (PARTIALS workgroups' strided sums, then one workgroup adds them up, with the
 *   mean loss), d2l's grad_clipping folded into SGD: θ ← θ − η · min(1, θ_clip/‖g‖) · g, or
 *   into Adam (ADAM's equations on the clipped g),
 *   and the state for the next minibatch: H_0 ← H_T (detached), or 0 after a non-finite step.
 * `result` holds [mean loss, ‖g‖], NaN where finiteFlags' flags went up; a non-finite one leaves
 * θ as it was (the TrainEngine contract).
 */
import { Dispatch, dispatch, elementDispatch } from './dispatch';
import { ELEMENT_GROUP, KernelSource, elementKernel } from './kernelSource';
import { FINITE_WGSL, FORWARD_FLAG, GRADIENT_FLAG, NAN_BITS } from './finiteFlags';
import { ADAM } from '../../adam';

/** Workgroups of the first pass of ‖g‖². */
export const PARTIALS = 64;

/** A workgroup's tree sum of its threads' `s` into sums[0]. */
const TREE_SUM = `
  sums[lid.x] = s;
  workgroupBarrier();
  for (var half = ${ELEMENT_GROUP / 2}u; half > 0u; half = half / 2u) {
    if (lid.x < half) { sums[lid.x] = sums[lid.x] + sums[lid.x + half]; }
    workgroupBarrier();
  }`;

// partials[w] = Σ g_i² over i ≡ thread (mod all threads)
const SQUARES_PARTIAL: KernelSource<'g' | 'count' | 'partials'> = {
  name: 'squaresPartial',
  args: { g: 'u32', count: 'u32', partials: 'u32' },
  body: `${FINITE_WGSL}
var<workgroup> sums: array<f32, ${ELEMENT_GROUP}>;
@compute @workgroup_size(${ELEMENT_GROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  var s = 0.0;
  for (var i = wg.x * ${ELEMENT_GROUP}u + lid.x; i < args.count; i += ${PARTIALS * ELEMENT_GROUP}u) {
    let v = mem[args.g + i];
    flagGradient(v);
    s += v * v;
  }
${TREE_SUM}
  if (lid.x == 0u) { mem[args.partials + wg.x] = sums[0]; }
}`,
};

// result = [Σ_r loss_r / rows, √(Σ partials)], NaN where a flag went up
const FINISH_STEP: KernelSource<'partials' | 'lossRows' | 'rows' | 'result' | 'nanBits'> = {
  name: 'finishStep',
  args: { partials: 'u32', lossRows: 'u32', rows: 'u32', result: 'u32', nanBits: 'u32' },
  body: `${FINITE_WGSL}
var<workgroup> sums: array<f32, ${ELEMENT_GROUP}>;
@compute @workgroup_size(${ELEMENT_GROUP})
fn main(@builtin(local_invocation_id) lid: vec3u) {
  var s = 0.0;
  for (var r = lid.x; r < args.rows; r += ${ELEMENT_GROUP}u) { s += mem[args.lossRows + r]; }
${TREE_SUM}
  let lossSum = sums[0];
  workgroupBarrier();
  s = 0.0;
  if (lid.x < ${PARTIALS}u) { s = mem[args.partials + lid.x]; }
${TREE_SUM}
  if (lid.x == 0u) {
    let forwardOk = mem[${FORWARD_FLAG}u] == 0.0;
    let gradientOk = forwardOk && mem[${GRADIENT_FLAG}u] == 0.0;
    mem[args.result] = select(bitcast<f32>(args.nanBits), lossSum / f32(args.rows), forwardOk);
    mem[args.result + 1u] = select(bitcast<f32>(args.nanBits), sqrt(sums[0]), gradientOk);
  }
}`,
};

/** clip = θ_clip / ‖g‖ when ‖g‖ > θ_clip, else 1 (d2l's grad_clipping); the update returns early after a non-finite step. */
const CLIP_SCALE = `
  let loss = mem[args.result];
  let norm = mem[args.result + 1u];
  if (!isFinite(loss) || !isFinite(norm)) { return; }
  var clip = 1.0;
  if (norm > args.clipTheta) { clip = args.clipTheta / norm; }`;

// θ ← θ − η · clip · g
const SGD_STEP = elementKernel('sgdStep', { theta: 'u32', grad: 'u32', result: 'u32', lr: 'f32', clipTheta: 'f32' }, FINITE_WGSL, `${CLIP_SCALE}
  mem[args.theta + i] = mem[args.theta + i] - (args.lr * clip) * mem[args.grad + i];`);

// g ← clip · g; m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η · (m / c1) / (√(v / c2) + ε);
// the bias corrections c1 = 1 − β1^t, c2 = 1 − β2^t of this step are at mem[corrections], written before it
const ADAM_STEP = elementKernel('adamStep', { theta: 'u32', grad: 'u32', m: 'u32', v: 'u32', corrections: 'u32', result: 'u32', lr: 'f32', clipTheta: 'f32' }, FINITE_WGSL, `${CLIP_SCALE}
  let g = clip * mem[args.grad + i];
  let m = ${ADAM.beta1} * mem[args.m + i] + (1.0 - ${ADAM.beta1}) * g;
  let v = ${ADAM.beta2} * mem[args.v + i] + (1.0 - ${ADAM.beta2}) * g * g;
  mem[args.m + i] = m;
  mem[args.v + i] = v;
  let c1 = mem[args.corrections];
  let c2 = mem[args.corrections + 1u];
  mem[args.theta + i] = mem[args.theta + i] - args.lr * ((m / c1) / (sqrt(v / c2) + ${ADAM.eps}));`);

// H_0 ← H_T (C_0 ← C_T): the state carried into the next minibatch, detached; zeros after a non-finite step
const CARRY_STATE = elementKernel('carryState', { dst: 'u32', src: 'u32', result: 'u32' }, FINITE_WGSL, `
  let finite = isFinite(mem[args.result]) && isFinite(mem[args.result + 1u]);
  mem[args.dst + i] = select(0.0, mem[args.src + i], finite);`);

/** The largest float32, standing in for an infinite θ_clip (no clipping). */
const F32_MAX = 3.4028234663852886e38;

/** [mean loss, ‖g‖] into `result` from the gradient's `count` floats and the rows' losses. */
export function finishStep(grad: number, count: number, partials: number, lossRows: number, rows: number, result: number): Dispatch[] {
  return [
    dispatch(SQUARES_PARTIAL, { g: grad, count, partials }, [PARTIALS, 1]),
    dispatch(FINISH_STEP, { partials, lossRows, rows, result, nanBits: NAN_BITS }, [1, 1]),
  ];
}

export function sgdStep(theta: number, grad: number, count: number, result: number, lr: number, clipTheta: number): Dispatch {
  return elementDispatch(SGD_STEP, { theta, grad, result, lr, clipTheta: Math.min(clipTheta, F32_MAX) }, count);
}

/** Adam's moments m, v and the step's bias corrections [c1, c2] (float offsets). */
export interface AdamBuffers {
  readonly m: number;
  readonly v: number;
  readonly corrections: number;
}

export function adamStep(theta: number, grad: number, count: number, result: number, lr: number, clipTheta: number, adam: AdamBuffers): Dispatch {
  return elementDispatch(ADAM_STEP, { theta, grad, ...adam, result, lr, clipTheta: Math.min(clipTheta, F32_MAX) }, count);
}

export function carryState(dst: number, src: number, count: number, result: number): Dispatch {
  return elementDispatch(CARRY_STATE, { dst, src, result }, count);
}
