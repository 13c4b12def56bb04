/**
 * What a cell kind runs on the GPU: the dispatches of one forward step, one BPTT step and the
 * recurrent weight gradient of a layer. Offsets count floats in the arena; rows of per-step
 * buffers are time-major (row t·B + b is sequence b at step t), as in the fused engine.
 */
import type { Dispatch } from '../kernels/dispatch';

/** One layer's buffers for one batch shape, and its recurrent weights. */
export interface LayerRecurrence {
  readonly B: number;
  readonly T: number;
  readonly h: number;
  /** [T][B][G·h]: X W_x + b on entry to the forward, then activations, then ∂Z after BPTT. */
  readonly gates: number;
  /** [(T+1)][B][h], slot 0 the carried-in state. */
  readonly hs: number;
  /** LSTM: C like hs, and tanh(C_t) [T][B][h]. */
  readonly cs: number;
  readonly tanhC: number;
  /** GRU: R ⊙ H_{t−1} [T][B][h]. */
  readonly rh: number;
  /** W_h [h × G·h] in θ and ∂W_h in ∂θ. */
  readonly wh: number;
  readonly dwh: number;
  /** [T][B][h]: ∂loss/∂H_t from above (the head or the layer above). */
  readonly dHin: number;
  /** [B][h] each: what a BPTT step hands the step before it besides ∂Z_t (∂C for the LSTM). */
  readonly dHnext: number;
  readonly dAux: number;
}

export interface CellGpu {
  /** Step t: gates[t] += H_{t−1} W_h and the gate pass, writing H_t (and C_t). */
  readonly forwardStep: (l: LayerRecurrence, t: number) => Dispatch[];
  /** BPTT step t (called for t = T−1 down to 0): ∂Z_t into gates[t], given ∂Z_{t+1} in gates[t+1]. */
  readonly backwardStep: (l: LayerRecurrence, t: number) => Dispatch[];
  /** ∂W_h = Σ_t H_{t−1}ᵀ ∂Z_t as products over all T·B rows, after BPTT. */
  readonly recurrentGradient: (l: LayerRecurrence) => Dispatch[];
}

/** Row t of a [·][B][width] buffer. */
export function stepRow(buffer: number, l: LayerRecurrence, t: number, width: number): number {
  return buffer + t * l.B * width;
}
