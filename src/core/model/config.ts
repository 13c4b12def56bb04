/**
 * What a model is: the recurrent cell, its sizes and its depth. Everything else
 * (parameter names and shapes, checkpoint layout, engine buffers) derives from this.
 */

/** The three cells of d2l ch. 9/10: "LSTM, GRU and RNN differ only in the forward function". */
export type CellKind = 'lstm' | 'gru' | 'rnn';

export const CELL_KINDS: readonly CellKind[] = ['lstm', 'gru', 'rnn'];

export interface ModelConfig {
  readonly cell: CellKind;
  /** Vocabulary size V: the one-hot input width and the output head width. */
  readonly vocabSize: number;
  /** Hidden units h per layer. */
  readonly hiddenSize: number;
  /** Stacked layers (PyTorch's num_layers); layer 0 reads the one-hot input. */
  readonly numLayers: number;
}

/** Input width d of layer `layer`: V for the first layer, h above it. */
export function layerInputSize(config: ModelConfig, layer: number): number {
  return layer === 0 ? config.vocabSize : config.hiddenSize;
}

/** Throws with a clear message when a config cannot describe a model. */
export function validateModelConfig(config: ModelConfig): void {
  if (!CELL_KINDS.includes(config.cell)) throw new Error(`Unknown cell '${String(config.cell)}': expected one of ${CELL_KINDS.join(', ')}`);
  for (const key of ['vocabSize', 'hiddenSize', 'numLayers'] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`Model config ${key} must be a positive integer, got ${String(v)}`);
  }
}

/** Whether two configs have the same parameters' shapes (an engine holding one takes the other's weights). */
export function sameShape(a: ModelConfig, b: ModelConfig): boolean {
  return a.cell === b.cell && a.hiddenSize === b.hiddenSize && a.numLayers === b.numLayers && a.vocabSize === b.vocabSize;
}
