/**
 * Inference on the fused kernels: B independent segments (token runs, each from its own
 * state) read side by side, so every step is one [B × h]·[h × G·h] product and one gate pass
 * for all of them (batch 1 is the text forward of a trace). No head and no gradients: the
 * values of every gate at every step stay in the planned layout for the caller to read, and
 * each segment's state is written back advanced past its tokens. The layout is planned once
 * per shape and reused while the shape repeats (a walk reads equal chunks). With a ForwardSplit
 * (the shared-memory build), a read of many segments is cut into groups, one per thread, each
 * with its own layout after the previous one's.
 */
import { ModelConfig, validateModelConfig } from '../../../model/config';
import type { ParamSet } from '../../../model/paramSpec';
import type { Segment } from '../../../infer/stepModel';
import { forwardLayers } from '../train/forwardBackward';
import type { ForwardSplit } from './forwardSplit';
import { FusedKernels, instantiateFusedKernels } from '../kernels/kernels';
import { ForwardLayout, ModelLayout, planForward, planModel, shardRows } from '../memory/layout';
import { packWeights, writeParams } from '../memory/paramPacking';
import { WASM_PAGE_BYTES, growTo, type WasmModule } from '../kernels/wasmApi';

/** Rows the kernels' register tile takes at once: a group of a multiple of it wastes none. */
const ROW_TILE = 4;
/** Groups per thread of a split read: finer than the threads, so a thread that runs late takes fewer. */
const GROUPS_PER_THREAD = 2;

/** One group of a read: segments [first, first + layout.batchSize), read side by side in `layout`. */
export interface ForwardGroup {
  readonly first: number;
  readonly layout: ForwardLayout;
}

export class FusedForward {
  private planned: readonly ForwardGroup[] = [];
  private started: Promise<number> = Promise.resolve(1);

  private constructor(
    readonly kernels: FusedKernels,
    readonly config: ModelConfig,
    readonly model: ModelLayout,
    private readonly split: ForwardSplit | undefined,
  ) {}

  /**
   * Instantiates the compiled fused.wasm and loads `params`; with `split`, the module must be
   * fused-threads.wasm: the memory is the split's shared one and its threads are started.
   */
  static fromModule(module: WasmModule, config: ModelConfig, params: ParamSet, split?: ForwardSplit): FusedForward {
    validateModelConfig(config);
    const k = instantiateFusedKernels(module, split?.createMemory(16));
    const forward = new FusedForward(k, config, planModel(config, k, WASM_PAGE_BYTES), split);
    growTo(k.memory, forward.model.end);
    forward.setParams(params);
    if (split) forward.started = split.start(module, k.memory, config, forward.model);
    return forward;
  }

  /** Resolves to the threads a read may use (1 without a split, or when its threads did not start). */
  get threadsStarted(): Promise<number> {
    return this.started;
  }

  setParams(params: ParamSet): void {
    writeParams(this.config, this.model, this.kernels.memory.buffer, params);
    packWeights(this.kernels, this.config, this.model);
  }

  /** read() in one group, in the caller's thread: sequence b's step t is row t·B + b of the layout. */
  read(segments: readonly Segment[]): ForwardLayout {
    return this.readGroups(segments, 1)[0].layout;
  }

  /**
   * Reads every segment from its state, side by side (the shorter ones padded with token 0,
   * whose steps are computed and ignored), and advances each state past its tokens; a read of
   * many segments is split into groups that `threads` threads take. Returns the groups: in group
   * g's layout, its segment b's step t is row t·B_g + b (tracedColumns says where each value
   * is); their contents last until the next call.
   */
  readGroups(segments: readonly Segment[], threads = this.split?.threadsFor(segments.length) ?? 1): readonly ForwardGroup[] {
    const { config, kernels: k } = this;
    const groups = this.groupsFor(segments, threads > 1 ? threads * GROUPS_PER_THREAD : 1);
    groups.forEach((g) => this.load(segments.slice(g.first, g.first + g.layout.batchSize), g.layout));
    const busy = groups.map((g) => g.layout).filter((b) => b.numSteps > 0);
    const here = (b: ForwardLayout) => forwardLayers(k, config, this.model, b);
    if (this.split && busy.length > 1) this.split.run(busy, here);
    else busy.forEach(here);
    groups.forEach((g) => this.store(segments.slice(g.first, g.first + g.layout.batchSize), g.layout));
    return groups;
  }

  /** Ends the split's threads; reads go on in the caller's thread. */
  dispose(): void {
    this.split?.dispose();
  }

  /** Writes a group's token ids and the states carried in (slot 0 of every layer's H and C, row s for segment s). */
  private load(segments: readonly Segment[], b: ForwardLayout): void {
    const { hiddenSize: h, vocabSize: V } = this.config;
    const { batchSize: B, numSteps: T } = b;
    const mem = this.kernels.memory.buffer;
    const ids = new Int32Array(mem, b.tokens, B * T);
    segments.forEach(({ tokens }, s) => {
      for (let t = 0; t < T; t++) {
        const id = t < tokens.length ? tokens[t] : 0;
        if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`Token id ${id} is outside the vocabulary of ${V}`);
        ids[t * B + s] = id;
      }
    });
    b.layers.forEach((act, layer) => {
      segments.forEach(({ state }, s) => {
        stateRow(mem, act.hs, b, h, 0, s).set(state.h.subarray(layer * h, (layer + 1) * h));
        if (act.cs && state.c) stateRow(mem, act.cs, b, h, 0, s).set(state.c.subarray(layer * h, (layer + 1) * h));
      });
    });
  }

  /** Advances each segment's state to the slot after its last token. */
  private store(segments: readonly Segment[], b: ForwardLayout): void {
    const h = this.config.hiddenSize;
    const mem = this.kernels.memory.buffer;
    b.layers.forEach((act, layer) => {
      segments.forEach(({ tokens, state }, s) => {
        state.h.set(stateRow(mem, act.hs, b, h, tokens.length, s), layer * h);
        if (act.cs && state.c) state.c.set(stateRow(mem, act.cs, b, h, tokens.length, s), layer * h);
      });
    });
  }

  /**
   * At most `count` groups for `segments` (near-equal runs of whole register tiles), each
   * group's layout after the previous one's: the last plan when the shapes repeat.
   */
  private groupsFor(segments: readonly Segment[], count: number): readonly ForwardGroup[] {
    const B = segments.length;
    const shapes = shardRows(Math.ceil(B / ROW_TILE), count).map(({ first, size }) => {
      const rows = { first: first * ROW_TILE, size: Math.min(size * ROW_TILE, B - first * ROW_TILE) };
      return { ...rows, steps: Math.max(0, ...segments.slice(rows.first, rows.first + rows.size).map((s) => s.tokens.length)) };
    });
    const last = this.planned;
    if (last.length === shapes.length && shapes.every((s, g) => last[g].first === s.first && last[g].layout.batchSize === s.size && last[g].layout.numSteps === s.steps)) return last;
    let start = this.model.end;
    this.planned = shapes.map(({ first, size, steps }) => {
      const layout = planForward(this.config, this.kernels, start, size, steps);
      start = layout.end;
      return { first, layout };
    });
    growTo(this.kernels.memory, start);
    return this.planned;
  }
}

/** Row s of slot `slot` of a [(T+1)][B][h] state buffer at byte `p`. */
function stateRow(mem: ArrayBuffer, p: number, b: ForwardLayout, h: number, slot: number, s: number): Float32Array {
  return new Float32Array(mem, p + (slot * b.batchSize + s) * h * 4, h);
}
