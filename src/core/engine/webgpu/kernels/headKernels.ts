/**
 * The head's loss (d2l's nn.CrossEntropyLoss over Y = H W_hq + b_q), one thread per row:
 *   loss_r = log Σ_j e^{Y_rj − m} − (Y_r,target − m),   m = max_j Y_rj (so e^· cannot overflow)
 *   ∂Y_r = (softmax(Y_r) − onehot(target_r)) / meanOver
 * The logits are replaced by ∂Y; each row's loss goes to lossRows for the step's mean. A
 * non-finite logit raises the forward flag (max and exp need not carry it).
 */
import { Dispatch, elementDispatch } from './dispatch';
import { elementKernel } from './kernelSource';
import { FINITE_WGSL } from './finiteFlags';

const SOFTMAX_CROSS_ENTROPY = elementKernel('softmaxCrossEntropy', { logits: 'u32', targets: 'u32', V: 'u32', lossRows: 'u32', inv: 'f32' }, FINITE_WGSL, `
  let row = args.logits + i * args.V;
  var m = mem[row];
  flagForward(m);
  for (var j = 1u; j < args.V; j++) {
    let y = mem[row + j];
    flagForward(y);
    m = max(m, y);
  }
  let targetAt = row + ints[args.targets + i];
  let shiftedTarget = mem[targetAt] - m;
  var sum = 0.0;
  for (var j = 0u; j < args.V; j++) {
    let e = exp(mem[row + j] - m);
    mem[row + j] = e;
    sum += e;
  }
  mem[args.lossRows + i] = log(sum) - shiftedTarget;
  let scale = args.inv / sum;
  for (var j = 0u; j < args.V; j++) { mem[row + j] = mem[row + j] * scale; }
  mem[targetAt] = mem[targetAt] - args.inv;`);

/** `rows` rows of V logits; ∂Y is that of a mean over `rows` predictions. */
export function softmaxCrossEntropy(logits: number, targets: number, rows: number, V: number, lossRows: number): Dispatch {
  return elementDispatch(SOFTMAX_CROSS_ENTROPY, { logits, targets, V, lossRows, inv: 1 / rows }, rows);
}
