/**
 * Gradient connectivity on the fused kernels. One forward over the text (batch 1, kept while
 * the text stays the same) leaves every step's activations; a window's forward from the real
 * state at t − K − 1 would compute exactly those again, so no window reruns it. Then BPTT from
 * each position's loss alone, ∂Y = softmax(Y_t) − onehot(tokens[t+1]) at t and zero elsewhere,
 * down the steps and the layers, a step at a time with the positions side by side as lanes:
 * at step s every lane reads the text's activations at s (copied into its row, which the
 * kernels overwrite with ∂Z), carries its own ∂H (∂C) to s − 1, and in layer 0 gives
 * g_s = ∂Z_s W_xᵀ, whose norm is the connectivity. No weight gradients are formed (the
 * kernels' *BackwardSteps skip ∂W_h, as much work again as the steps).
 */
import { FusedForward } from '../../engine/fused/infer/fusedForward';
import { FusedKernels, FusedWasmSource, compileFusedWasm } from '../../engine/fused/kernels/kernels';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from '../../engine/fused/kernels/wasmApi';
import { CELL_PLANS } from '../../engine/fused/memory/cellPlan';
import { type ForwardLayout, type LayerActivationsLayout, planForward } from '../../engine/fused/memory/layout';
import { zeroInferState } from '../../infer/inferState';
import { cellSpec } from '../../model/cells/cellSpecs';
import type { ModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import { LaneLayerLayout, LaneLayout, planLanes } from './laneLayout';
import { StepSpan, scheduleLanes } from './laneSchedule';
import { MemoryCurve, memoryLengthCurve } from './memoryCurve';
import { DEFAULT_WINDOW, StepConnectivity, reachOf } from './stepConnectivity';

/** What a wasm32 memory can address: 65536 pages of 64 KiB. */
const MAX_MEMORY_BYTES = 65536 * WASM_PAGE_BYTES;

export class FusedConnectivity {
  /** The text whose forward the memory holds (a copy of its ids) and where. */
  private text: { readonly tokens: Int32Array; readonly layout: ForwardLayout } | undefined;

  private constructor(private readonly forward: FusedForward) {}

  /** Instantiates fused.wasm and loads `params`. */
  static async create(wasm: FusedWasmSource, config: ModelConfig, params: ParamSet): Promise<FusedConnectivity> {
    return FusedConnectivity.fromModule(await compileFusedWasm(wasm), config, params);
  }

  /** The same from a compiled module, without waiting. */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet): FusedConnectivity {
    return new FusedConnectivity(FusedForward.fromModule(module, config, params));
  }

  get config(): ModelConfig {
    return this.forward.config;
  }

  setParams(params: ParamSet): void {
    this.forward.setParams(params);
    this.text = undefined;
  }

  /** Connectivity of step `t` of `tokens` back to `window` characters. */
  ofStep(tokens: ArrayLike<number>, t: number, window = DEFAULT_WINDOW): StepConnectivity {
    return this.ofSteps(tokens, [t], window)[0];
  }

  /** ofStep of every position at once, in one pass down the text with the positions as lanes. */
  ofSteps(tokens: ArrayLike<number>, positions: readonly number[], window = DEFAULT_WINDOW): StepConnectivity[] {
    const spans = positions.map((t) => ({ high: t, low: t - reachOf(tokens.length, t, window) }));
    if (spans.length === 0) return [];
    const { config, forward } = this;
    const k = forward.kernels;
    const { lanes, laneOf } = scheduleLanes(spans);
    const planned = planLanes(config, k, planForward(config, k, forward.model.end, 1, tokens.length).end, lanes, spans.length);
    if (planned.end > MAX_MEMORY_BYTES) {
      throw new Error(`Connectivity of ${spans.length} positions over a text of ${tokens.length} tokens needs ${(planned.end / 2 ** 30).toFixed(1)} GiB, more than WebAssembly's 4 GiB`);
    }
    const text = this.textForward(tokens);
    const lay = planLanes(config, k, text.end, lanes, spans.length);
    growTo(k.memory, lay.end);
    k.setGemmScratch(lay.aScratch, lay.tile);
    this.seed(text, lay, tokens, positions);
    return this.backward(text, lay, spans, laneOf);
  }

  /** The memory-length curve over `positions` (see memoryLengthCurve). */
  curve(tokens: ArrayLike<number>, positions: readonly number[], window = DEFAULT_WINDOW): MemoryCurve {
    return memoryLengthCurve(this.ofSteps(tokens, positions, window), window);
  }

  /** The forward over `tokens` from the zero state: the last one when the ids are the same. */
  private textForward(tokens: ArrayLike<number>): ForwardLayout {
    const last = this.text;
    if (last && last.tokens.length === tokens.length && last.tokens.every((id, i) => id === tokens[i])) return last.layout;
    this.text = undefined;
    const layout = this.forward.read([{ tokens, state: zeroInferState(this.config) }]);
    this.text = { tokens: Int32Array.from(tokens), layout };
    return layout;
  }

  /** ∂loss_t/∂H_t of the top layer at every position: Y = H_t W_hq + b_q, ∂Y = softmax(Y) − onehot(tokens[t+1]), ∂H_t = ∂Y W_hqᵀ. */
  private seed(text: ForwardLayout, lay: LaneLayout, tokens: ArrayLike<number>, positions: readonly number[]): void {
    const { hiddenSize: h, vocabSize: V, numLayers: L } = this.config;
    const { kernels: k, model } = this.forward;
    const mem = k.memory.buffer;
    const N = positions.length;
    const rows = new Float32Array(mem, lay.seedH, N * h);
    const targets = new Int32Array(mem, lay.seedTargets, N);
    positions.forEach((t, i) => {
      rows.set(new Float32Array(mem, text.layers[L - 1].hs + (t + 1) * h * 4, h), i * h); // slot t + 1 holds H_t
      targets[i] = tokens[t + 1];
    });
    k.broadcastRows(lay.seedLogits, model.bq, N, V);
    k.gemm(N, V, h, lay.seedH, h, 1, model.whqPacked, lay.seedLogits, V, true);
    k.softmaxCrossEntropy(lay.seedLogits, lay.seedTargets, N, V, 1);
    k.gemm(N, h, V, lay.seedLogits, V, 1, model.whqTPacked, lay.seeds, h, false);
  }

  /** BPTT a step at a time from the highest position down, every lane's ‖g_s‖ into its result at k = t − s. */
  private backward(text: ForwardLayout, lay: LaneLayout, spans: readonly StepSpan[], laneOf: Int32Array): StepConnectivity[] {
    const { config } = this;
    const { kernels: k, model } = this.forward;
    const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
    const Gh = CELL_PLANS[config.cell].gates * h;
    const B = lay.lanes;
    const mem = k.memory.buffer;
    const spec = cellSpec(config.cell);
    const shape = { B, T: 1, h };
    k.packB(lay.wx0T, model.layers[0].wx, 1, Gh, Gh, V);
    for (const lane of lay.layers) for (const p of [lane.dHin, lane.dHnext, lane.dAux]) new Float32Array(mem, p, B * h).fill(0);
    const results = spans.map(({ high, low }) => ({ t: high, byDistance: new Float32Array(high - low + 1) }));
    const high = Math.max(...spans.map((s) => s.high));
    const low = Math.min(...spans.map((s) => s.low));
    const starting = Array.from({ length: high - low + 1 }, (): number[] => []);
    const ending = Array.from({ length: high - low + 1 }, (): number[] => []);
    spans.forEach((span, i) => {
      starting[span.high - low].push(i);
      ending[span.low - low].push(i);
    });
    const seeds = new Float32Array(mem, lay.seeds, spans.length * h);
    const topIn = new Float32Array(mem, lay.layers[L - 1].dHin, B * h);
    const grad = new Float32Array(mem, lay.inputGrad, B * V);
    const active = new Set<number>();
    for (let s = high; s >= low; s--) {
      for (const i of starting[s - low]) {
        topIn.set(seeds.subarray(i * h, (i + 1) * h), laneOf[i] * h);
        active.add(i);
      }
      for (let l = L - 1; l >= 0; l--) {
        const lane = lay.layers[l];
        broadcastStep(k, text.layers[l], lane, s, B, h, Gh);
        // the layer below reads the layer above's input: its ∂H at s is ∂X = ∂Z W_xᵀ
        if (l < L - 1) k.gemm(B, h, Gh, lay.layers[l + 1].gates, Gh, 1, model.packed[l + 1].wxT, lane.dHin, h, false);
        spec.fusedBackwardSteps(k, shape, lane, model.packed[l], lane);
      }
      k.gemm(B, V, Gh, lay.layers[0].gates, Gh, 1, lay.wx0T, lay.inputGrad, V, false); // g_s = ∂Z_s W_xᵀ (∂ wrt the one-hot x_s)
      for (const i of active) results[i].byDistance[spans[i].high - s] = rowNorm(grad, laneOf[i], V);
      for (const i of starting[s - low]) topIn.fill(0, laneOf[i] * h, (laneOf[i] + 1) * h);
      for (const i of ending[s - low]) {
        active.delete(i);
        // the lane is free: the next position it takes starts from no carried gradient
        for (const lane of lay.layers) for (const p of [lane.dHnext, lane.dAux]) new Float32Array(mem, p, B * h).fill(0, laneOf[i] * h, (laneOf[i] + 1) * h);
      }
    }
    return results;
  }
}

/** Every lane's copy of the text's activations at step s in one layer: the gates, H_{s−1} (slot s), and for the LSTM C_{s−1} and tanh(C_s). */
function broadcastStep(k: FusedKernels, text: LayerActivationsLayout, lane: LaneLayerLayout, s: number, B: number, h: number, Gh: number): void {
  k.broadcastRows(lane.gates, text.gates + s * Gh * 4, B, Gh);
  k.broadcastRows(lane.hs, text.hs + s * h * 4, B, h);
  if (lane.cs) k.broadcastRows(lane.cs, text.cs + s * h * 4, B, h);
  if (lane.tanhC) k.broadcastRows(lane.tanhC, text.tanhC + s * h * 4, B, h);
}

/** ‖row r‖₂ of a [rows][width] block, summed in float64. */
function rowNorm(m: Float32Array, r: number, width: number): number {
  let sq = 0;
  for (let j = r * width; j < (r + 1) * width; j++) sq += m[j] * m[j];
  return Math.sqrt(sq);
}
