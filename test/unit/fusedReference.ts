/**
 * A float64 reference for the fused engine's tests: d2l's cells written once as forward math
 * on a tiny reverse-mode tape, so the gradients come from the chain rule mechanically, not
 * from the same hand derivation as the kernels.
 */
import type { Minibatch } from '../../src/core/data/minibatch';
import type { ModelConfig } from '../../src/core/model/config';
import { ParamSet, layerParamName, paramShapes } from '../../src/core/model/paramSpec';

/** A matrix on the tape: value, gradient, and how to push the gradient to its inputs. */
class Node {
  readonly g: Float64Array;
  back: () => void = () => {};
  constructor(readonly rows: number, readonly cols: number, readonly v: Float64Array) {
    this.g = new Float64Array(v.length);
  }
}

class Tape {
  private readonly nodes: Node[] = [];

  node(rows: number, cols: number, v: Float64Array): Node {
    const n = new Node(rows, cols, v);
    this.nodes.push(n);
    return n;
  }

  matmul(a: Node, b: Node): Node {
    const [m, k, n] = [a.rows, a.cols, b.cols];
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
      const x = a.v[i * k + p];
      if (x !== 0) for (let j = 0; j < n; j++) out[i * n + j] += x * b.v[p * n + j];
    }
    const c = this.node(m, n, out);
    c.back = () => {
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
        let s = 0;
        for (let j = 0; j < n; j++) {
          s += c.g[i * n + j] * b.v[p * n + j];
          b.g[p * n + j] += a.v[i * k + p] * c.g[i * n + j];
        }
        a.g[i * k + p] += s;
      }
    };
    return c;
  }

  /** a + b, where b may be one row broadcast over a's rows (a bias). */
  add(a: Node, b: Node): Node {
    const c = this.node(a.rows, a.cols, a.v.map((x, i) => x + b.v[i % b.v.length]));
    c.back = () => c.g.forEach((g, i) => {
      a.g[i] += g;
      b.g[i % b.v.length] += g;
    });
    return c;
  }

  mul(a: Node, b: Node): Node {
    const c = this.node(a.rows, a.cols, a.v.map((x, i) => x * b.v[i]));
    c.back = () => c.g.forEach((g, i) => {
      a.g[i] += g * b.v[i];
      b.g[i] += g * a.v[i];
    });
    return c;
  }

  /** 1 − a (GRU's 1 − Z). */
  oneMinus(a: Node): Node {
    const c = this.node(a.rows, a.cols, a.v.map((x) => 1 - x));
    c.back = () => c.g.forEach((g, i) => (a.g[i] -= g));
    return c;
  }

  sigmoid(a: Node): Node {
    const c = this.node(a.rows, a.cols, a.v.map((x) => 1 / (1 + Math.exp(-x))));
    c.back = () => c.g.forEach((g, i) => (a.g[i] += g * c.v[i] * (1 - c.v[i])));
    return c;
  }

  tanh(a: Node): Node {
    const c = this.node(a.rows, a.cols, a.v.map(Math.tanh));
    c.back = () => c.g.forEach((g, i) => (a.g[i] += g * (1 - c.v[i] * c.v[i])));
    return c;
  }

  /** Mean softmax cross-entropy of the rows of `logits` against `targets`. */
  crossEntropy(logits: Node, targets: number[]): Node {
    const { rows, cols } = logits;
    const probs = new Float64Array(rows * cols);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const row = logits.v.subarray(r * cols, (r + 1) * cols);
      const m = Math.max(...row);
      const sum = row.reduce((s, x) => s + Math.exp(x - m), 0);
      row.forEach((x, j) => (probs[r * cols + j] = Math.exp(x - m) / sum));
      loss += Math.log(sum) + m - row[targets[r]];
    }
    const c = this.node(1, 1, new Float64Array([loss / rows]));
    c.back = () => probs.forEach((p, i) => (logits.g[i] += (c.g[0] * (p - (targets[Math.floor(i / cols)] === i % cols ? 1 : 0))) / rows));
    return c;
  }

  backward(out: Node): void {
    out.g[0] = 1;
    for (let i = this.nodes.length - 1; i >= 0; i--) this.nodes[i].back();
  }
}

/** Per layer: H (and C for the LSTM), each [B × h]. */
export type ReferenceState = { H: Float64Array; C?: Float64Array }[];

export interface ReferenceStep {
  loss: number;
  gradNorm: number;
  grads: Map<string, Float64Array>;
  state: ReferenceState;
}

/** One d2l step of a cell: the new H (and C) from input X and the previous state. */
function cellStep(t: Tape, cell: ModelConfig['cell'], p: (name: string) => Node, X: Node, H: Node, C: Node | undefined): { H: Node; C?: Node } {
  const gate = (wx: string, wh: string, b: string, h: Node = H) => t.add(t.add(t.matmul(X, p(wx)), t.matmul(h, p(wh))), p(b));
  if (cell === 'lstm') {
    const I = t.sigmoid(gate('W_xi', 'W_hi', 'b_i'));
    const F = t.sigmoid(gate('W_xf', 'W_hf', 'b_f'));
    const O = t.sigmoid(gate('W_xo', 'W_ho', 'b_o'));
    const Ct = t.tanh(gate('W_xc', 'W_hc', 'b_c'));
    const Cn = t.add(t.mul(F, C as Node), t.mul(I, Ct)); // C = F ⊙ C + I ⊙ C̃
    return { H: t.mul(O, t.tanh(Cn)), C: Cn };
  }
  if (cell === 'gru') {
    const R = t.sigmoid(gate('W_xr', 'W_hr', 'b_r'));
    const Z = t.sigmoid(gate('W_xz', 'W_hz', 'b_z'));
    const Ht = t.tanh(gate('W_xh', 'W_hh', 'b_h', t.mul(R, H)));
    return { H: t.add(t.mul(Z, H), t.mul(t.oneMinus(Z), Ht)) };
  }
  return { H: t.tanh(gate('W_xh', 'W_hh', 'b_h')) };
}

/** Loss, gradients (named like the params) and final state of one minibatch, in float64. */
export function referenceStep(config: ModelConfig, params: ParamSet, batch: Minibatch, state?: ReferenceState): ReferenceStep {
  const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
  const { batchSize: B, numSteps: T } = batch;
  const t = new Tape();
  const leaves = new Map<string, Node>();
  for (const s of paramShapes(config)) {
    const rows = s.shape.length === 2 ? s.shape[0] : 1;
    leaves.set(s.name, t.node(rows, s.shape[s.shape.length - 1], Float64Array.from(params.get(s.name) as Float32Array)));
  }
  const zeros = () => new Float64Array(B * h);
  const hs = Array.from({ length: L }, (_, l) => t.node(B, h, Float64Array.from(state?.[l].H ?? zeros())));
  const cs = Array.from({ length: L }, (_, l) => (config.cell === 'lstm' ? t.node(B, h, Float64Array.from(state?.[l].C ?? zeros())) : undefined));
  const head: Node[] = [];
  const targets: number[] = [];
  for (let step = 0; step < T; step++) {
    const oneHot = new Float64Array(B * V);
    for (let b = 0; b < B; b++) oneHot[b * V + batch.inputs[b * T + step]] = 1;
    let X = t.node(B, V, oneHot);
    for (let l = 0; l < L; l++) {
      const next = cellStep(t, config.cell, (name) => leaves.get(layerParamName(l, name)) as Node, X, hs[l], cs[l]);
      hs[l] = next.H;
      cs[l] = next.C;
      X = next.H;
    }
    head.push(t.add(t.matmul(X, leaves.get('W_hq') as Node), leaves.get('b_q') as Node));
    for (let b = 0; b < B; b++) targets.push(batch.targets[b * T + step]);
  }
  const logits = t.node(B * T, V, new Float64Array(B * T * V));
  head.forEach((y, step) => logits.v.set(y.v, step * B * V));
  const loss = t.crossEntropy(logits, targets);
  // the stacked logits come after every head node on the tape, so this runs before theirs
  logits.back = () => head.forEach((y, step) => y.g.set(logits.g.subarray(step * B * V, (step + 1) * B * V)));
  t.backward(loss);
  const grads = new Map([...leaves].map(([name, n]) => [name, n.g]));
  let sq = 0;
  for (const g of grads.values()) for (const x of g) sq += x * x;
  return { loss: loss.v[0], gradNorm: Math.sqrt(sq), grads, state: hs.map((H, l) => ({ H: H.v, C: cs[l]?.v })) };
}

/** d2l's grad_clipping then SGD, in float64, returned as float32 parameters. */
export function referenceUpdate(params: ParamSet, step: ReferenceStep, lr: number, clipTheta: number): ParamSet {
  const scale = step.gradNorm > clipTheta ? clipTheta / step.gradNorm : 1;
  return new Map([...params].map(([name, v]) => {
    const g = step.grads.get(name) as Float64Array;
    return [name, Float32Array.from(v, (x, i) => x - lr * scale * g[i])];
  }));
}
