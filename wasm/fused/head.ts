/** The output head's loss: softmax cross-entropy over the vocabulary, and its gradient. */
import { at } from './lanes';
import { expInPlace } from './mathf4';

/**
 * Cross-entropy of `rows` predictions (d2l's nn.CrossEntropyLoss over Y = H W_hq + b_q), as a
 * share of a mean over `meanOver` rows (a thread's shard of the batch, or all of it).
 * `logits` (rows × V) is replaced by ∂loss/∂Y = (softmax(Y) − onehot(target)) / meanOver.
 * Returns the summed (not yet averaged) loss in nats.
 */
export function softmaxCrossEntropy(logits: usize, targets: usize, rows: i32, V: i32, meanOver: i32): f64 {
  // shift every row by its maximum so that exp cannot overflow
  for (let r = 0; r < rows; r++) {
    const row = at(logits, r * V);
    let m = load<f32>(row);
    for (let j = 1; j < V; j++) m = max(m, load<f32>(at(row, j)));
    for (let j = 0; j < V; j++) store<f32>(at(row, j), load<f32>(at(row, j)) - m);
  }
  // the shifted target logits are needed after exp overwrites them
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) loss -= <f64>load<f32>(at(logits, r * V + load<i32>(at(targets, r))));
  expInPlace(logits, rows * V);
  const inv = <f32>1 / <f32>meanOver;
  for (let r = 0; r < rows; r++) {
    const row = at(logits, r * V);
    let sum: f32 = 0;
    for (let j = 0; j < V; j++) sum += load<f32>(at(row, j));
    loss += Math.log(<f64>sum);
    const scale = inv / sum;
    for (let j = 0; j < V; j++) store<f32>(at(row, j), load<f32>(at(row, j)) * scale);
    const t = at(row, load<i32>(at(targets, r)));
    store<f32>(t, load<f32>(t) - inv);
  }
  return loss;
}
