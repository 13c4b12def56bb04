/**
 * Gradient connectivity on the fused kernels. One forward over the text (batch 1, kept while
 * the text stays the same) leaves every step's activations; a window's forward from the real
 * state at t − K − 1 would compute exactly those again, so no window reruns it. Then BPTT from
 * each position's loss alone, ∂Y = softmax(Y_t) − onehot(tokens[t+1]) at t and zero elsewhere,
 * down the steps and the layers, with many positions side by side as lanes (laneBackward.ts).
 * No weight gradients are formed (the kernels' *BackwardSteps skip ∂W_h, as much work again as
 * the steps). With a ForwardSplit (and fused-threads.wasm) the positions are cut into groups of
 * neighbours that the threads take.
 */
import { FusedForward } from '../../engine/fused/infer/fusedForward';
import type { ForwardSplit } from '../../engine/fused/infer/forwardSplit';
import { FusedWasmSource, compileFusedWasm } from '../../engine/fused/kernels/kernels';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from '../../engine/fused/kernels/wasmApi';
import { type ForwardLayout, planForward, shardRows } from '../../engine/fused/memory/layout';
import { zeroInferState, type InferState } from '../../infer/inferState';
import type { ModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import { LaneGroup, laneBackward } from './laneBackward';
import { planLanes } from './laneLayout';
import { StepSpan, scheduleLanes } from './laneSchedule';
import { MemoryCurve, memoryLengthCurve } from './memoryCurve';
import { DEFAULT_WINDOW, StepConnectivity, reachOf } from './stepConnectivity';

/** What a memory can address: wasm32's 65536 pages of 64 KiB, or the shared build's maximum. */
const MAX_MEMORY_BYTES = 65536 * WASM_PAGE_BYTES;
const MAX_SHARED_MEMORY_BYTES = 16384 * WASM_PAGE_BYTES;
/** Groups per thread of a split pass: finer than the threads, so a thread that runs late takes fewer. */
const GROUPS_PER_THREAD = 2;

/** A group of positions before its memory is planned: which positions (indices), their spans and lanes. */
interface GroupPlan {
  readonly members: readonly number[];
  readonly spans: readonly StepSpan[];
  readonly lanes: number;
  readonly laneOf: Int32Array;
  readonly firsts: Int32Array;
}

export class FusedConnectivity {
  /** The text whose forward the memory holds (a copy of its ids) and where. */
  private text: { readonly tokens: Int32Array; readonly start: InferState; readonly layout: ForwardLayout } | undefined;

  private constructor(
    private readonly forward: FusedForward,
    private readonly split: ForwardSplit | undefined,
  ) {}

  /** Instantiates fused.wasm (fused-threads.wasm with a `split`, which it then owns) and loads `params`. */
  static async create(wasm: FusedWasmSource, config: ModelConfig, params: ParamSet, split?: ForwardSplit): Promise<FusedConnectivity> {
    return FusedConnectivity.fromModule(await compileFusedWasm(wasm), config, params, split);
  }

  /** The same from a compiled module, without waiting (the split's threads start meanwhile: threadsStarted). */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet, split?: ForwardSplit): FusedConnectivity {
    return new FusedConnectivity(FusedForward.fromModule(module, config, params, split), split);
  }

  /** Resolves to the threads a pass over many positions runs on (1: the caller's alone). */
  get threadsStarted(): Promise<number> {
    return this.forward.threadsStarted;
  }

  /** Ends the split's threads, if any (passes go on in the caller's thread). */
  dispose(): void {
    this.forward.dispose();
  }

  get config(): ModelConfig {
    return this.forward.config;
  }

  setParams(params: ParamSet): void {
    this.forward.setParams(params);
    this.text = undefined;
  }

  /**
   * Connectivity of step `t` of `tokens` back to `window` characters. `start` is the state the
   * text is read from (zero when absent): the model's state after the document's text before
   * `tokens`, so a slice of a document gives the numbers of the whole document.
   */
  ofStep(tokens: ArrayLike<number>, t: number, window = DEFAULT_WINDOW, start?: InferState): StepConnectivity {
    return this.ofSteps(tokens, [t], window, start)[0];
  }

  /**
   * ofStep of every position at once: in one pass down the text with the positions as lanes,
   * or with a split, in groups of neighbouring positions that the threads take.
   */
  ofSteps(tokens: ArrayLike<number>, positions: readonly number[], window = DEFAULT_WINDOW, start?: InferState): StepConnectivity[] {
    const spans = positions.map((t) => ({ high: t, low: t - reachOf(tokens.length, t, window) }));
    if (spans.length === 0) return [];
    const { config, forward } = this;
    const k = forward.kernels;
    const threads = this.split?.threadsFor(spans.length) ?? 1;
    const plans = groupPlans(spans, threads > 1 ? threads * GROUPS_PER_THREAD : 1);
    const limit = this.split ? MAX_SHARED_MEMORY_BYTES : MAX_MEMORY_BYTES;
    const needed = this.planGroups(plans, planForward(config, k, forward.model.end, 1, tokens.length).end).end;
    if (needed > limit) {
      throw new Error(`Connectivity of ${spans.length} positions over a text of ${tokens.length} tokens needs ${(needed / 2 ** 30).toFixed(1)} GiB, more than the fused engine's ${limit / 2 ** 30} GiB`);
    }
    const text = this.textForward(tokens, start ?? zeroInferState(config));
    const { groups, end } = this.planGroups(plans, text.end);
    growTo(k.memory, end);
    groups.forEach((g, i) => this.seed(text, g, tokens, plans[i].members.map((m) => positions[m])));
    const here = (g: LaneGroup) => laneBackward(k, config, forward.model, text, g);
    if (this.split && groups.length > 1) this.split.runLanes(text, groups, here);
    else groups.forEach(here);
    const results: StepConnectivity[] = new Array(spans.length);
    plans.forEach(({ members, firsts }, g) => {
      const norms = new Float32Array(k.memory.buffer, groups[g].layout.norms, firsts[members.length]);
      members.forEach((m, j) => (results[m] = { t: positions[m], byDistance: norms.slice(firsts[j], firsts[j + 1]) }));
    });
    return results;
  }

  /** The memory-length curve over `positions` (see memoryLengthCurve). */
  curve(tokens: ArrayLike<number>, positions: readonly number[], window = DEFAULT_WINDOW, start?: InferState): MemoryCurve {
    return memoryLengthCurve(this.ofSteps(tokens, positions, window, start), window);
  }

  /** Each group's memory, one after another from byte `start` on. */
  private planGroups(plans: readonly GroupPlan[], start: number): { groups: LaneGroup[]; end: number } {
    let end = start;
    const groups = plans.map(({ spans, lanes, laneOf, firsts }) => {
      const layout = planLanes(this.config, this.forward.kernels, end, lanes, spans.length, firsts[spans.length]);
      end = layout.end;
      return { layout, spans, laneOf, firsts };
    });
    return { groups, end };
  }

  /** The forward over `tokens` from `start`: the last one when the ids and the start are the same. */
  private textForward(tokens: ArrayLike<number>, start: InferState): ForwardLayout {
    const last = this.text;
    if (last && sameValues(last.tokens, tokens) && sameValues(last.start.h, start.h) && sameValues(last.start.c ?? [], start.c ?? [])) return last.layout;
    this.text = undefined;
    const layout = this.forward.read([{ tokens, state: start }]);
    this.text = { tokens: Int32Array.from(tokens), start: { h: Float64Array.from(start.h), ...(start.c && { c: Float64Array.from(start.c) }) }, layout };
    return layout;
  }

  /** ∂loss_t/∂H_t of the top layer at every position: Y = H_t W_hq + b_q, ∂Y = softmax(Y) − onehot(tokens[t+1]), ∂H_t = ∂Y W_hqᵀ. */
  private seed(text: ForwardLayout, group: LaneGroup, tokens: ArrayLike<number>, positions: readonly number[]): void {
    const { hiddenSize: h, vocabSize: V, numLayers: L } = this.config;
    const { kernels: k, model } = this.forward;
    const lay = group.layout;
    k.setGemmScratch(lay.aScratch, lay.tile);
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
}

/** `count` groups of neighbouring positions (near-equal runs in step order), each with its lanes. */
function groupPlans(spans: readonly StepSpan[], count: number): GroupPlan[] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a].high - spans[b].high);
  return shardRows(order.length, count).map(({ first, size }) => {
    const members = order.slice(first, first + size);
    const own = members.map((m) => spans[m]);
    const { lanes, laneOf } = scheduleLanes(own);
    const firsts = new Int32Array(own.length + 1);
    own.forEach((sp, j) => (firsts[j + 1] = firsts[j] + sp.high - sp.low + 1));
    return { members, spans: own, lanes, laneOf, firsts };
  });
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
