/**
 * A compared model's memory-length curve on the extension host (vscode-free): mean gradient
 * connectivity at distance k = 1..200 over positions spread across its training text, on the
 * fused kernels (FusedConnectivity).
 */
import { FusedConnectivity } from '../../core/analysis/connectivity/fusedConnectivity';
import { evenPositions } from '../../core/analysis/connectivity/memoryCurve';
import { DEFAULT_WINDOW } from '../../core/analysis/connectivity/stepConnectivity';
import type { FusedWasmSource } from '../../core/engine/fused/kernels/kernels';
import type { SavedModel } from '../../core/io/savedModel';
import { encode } from '../../core/text/tokenizer';
import { Vocab } from '../../core/text/vocab';

/**
 * Positions averaged. Each is one BPTT lane 200 steps deep, so 200 of them cost about as much as
 * 40 000 training steps of one row: some 0.2 s for an LSTM of the quick preset's size and about
 * 1 s at d2l's (hidden 256) on one core (bench:connectivity times 2000), while the mean over 200
 * positions already lies smooth enough to read on a log scale.
 */
export const MEMORY_POSITIONS = 200;

/**
 * The text's first tokens the positions are spread over. The one forward over them keeps every
 * step's activations (about 8 hidden-size rows of float32 a step): 5000 steps at hidden 256 are
 * some 40 MB, where the whole Time Machine (170 000 steps) would take over a gigabyte.
 */
export const MEMORY_TEXT_TOKENS = 5000;

/** mean[k] for k = 1..min(200, the text's length − 2): connectivity at k steps back, averaged over the positions. */
export async function memoryLengthOf(wasm: FusedWasmSource, model: SavedModel, text: string): Promise<number[]> {
  const tokens = encode(text, model.tokenizer, new Vocab(model.vocab)).subarray(0, MEMORY_TEXT_TOKENS);
  // A text shorter than the window still gives the distances it has (a step needs the next token as its target).
  const window = Math.min(DEFAULT_WINDOW, tokens.length - 2);
  if (window < 1) return [];
  const connectivity = await FusedConnectivity.create(wasm, model.config, model.params);
  try {
    return Array.from(connectivity.curve(tokens, evenPositions(tokens.length, MEMORY_POSITIONS, window), window).mean.subarray(1));
  } finally {
    connectivity.dispose();
  }
}
