/** The recurrent state of a batch-1 model between tokens, as PyTorch lays it out ([layers, 1, h]). */
import { cellInfo } from '../model/cells/cellInfos';
import type { ModelConfig } from '../model/config';

export interface InferState {
  /** H of every layer, layer-major: [numLayers · h]. */
  readonly h: Float64Array;
  /** C of every layer for a cell with a cell state (the LSTM), [numLayers · h]; absent for GRU and RNN. */
  readonly c?: Float64Array;
}

/** d2l's begin_state for batch 1: all zeros. */
export function zeroInferState(config: ModelConfig): InferState {
  const n = config.numLayers * config.hiddenSize;
  return cellInfo(config.cell).hasCellState ? { h: new Float64Array(n), c: new Float64Array(n) } : { h: new Float64Array(n) };
}

/** A copy that later steps cannot change (a cache entry, a trace's final state). */
export function cloneInferState(s: InferState): InferState {
  return s.c ? { h: s.h.slice(), c: s.c.slice() } : { h: s.h.slice() };
}
