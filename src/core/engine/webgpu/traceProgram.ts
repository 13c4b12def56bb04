/**
 * The dispatches of a trace of one token span (batch 1): the forward through every layer
 * (forwardProgram: one dispatch per step, the gates left in place), then the head on every H of
 * the top layer at once, H_0 (the state carried in) through H_T:
 *   Y = H W_hq + b_q      [(T + 1) × V]
 * whose rows the caller turns into each step's surprisal and next-token distribution.
 */
import type { ModelConfig } from '../../model/config';
import type { Dispatch } from './kernels/dispatch';
import { gemm, times } from './kernels/gemmKernel';
import { NO_BACKWARD, forwardProgram, layerRecurrence } from './forwardProgram';
import { floats } from './gpuLayout';
import type { TraceLayout } from './traceLayout';

/** Token ids start at ints[0]. */
export const TRACE_TOKENS = 0;

export function traceProgram(config: ModelConfig, layout: TraceLayout): Dispatch[] {
  const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
  const { model, forward } = layout;
  const T = forward.numSteps;
  const layers = Array.from({ length: L }, (_, layer) => layerRecurrence(config, model, forward, layer, NO_BACKWARD));
  const out = forwardProgram(config, model, layers, TRACE_TOKENS);
  const top = { at: layers[L - 1].hs, ld: h };
  out.push(gemm(times(T + 1, V, h, top, { at: floats(model.whq), ld: V }), { c: floats(layout.logits), ldc: V, bias: floats(model.bq) }));
  return out;
}
