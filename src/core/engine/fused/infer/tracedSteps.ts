/**
 * A batch-1 forward's values as GateTrace steps, wherever the forward ran (the fused kernels'
 * memory, or a WebGPU tracer's read-back): each layer's values are copied out once, a time-major
 * [T × h] buffer per gate (the explorer's packing, which then takes them as they are), and every
 * step's record is a view into those copies; each step's surprisal and top k come from the
 * head's logits before and after it, log softmax in float64 (src/core/infer/distribution.ts).
 */
import type { ModelConfig } from '../../../model/config';
import { logSoftmax, topKOfLogProbs } from '../../../infer/distribution';
import type { TraceStep } from '../../../infer/gateTrace';
import { TRACE_GATES } from '../../../infer/stepper';
import type { ForwardLayout } from '../memory/layout';
import { tracedColumns } from '../memory/tracedValues';

/** The values of a forward laid out as `layout`: float i of its memory is floats[i − base]. */
export interface ForwardValues {
  readonly layout: ForwardLayout;
  readonly floats: Float32Array;
  readonly base: number;
}

/**
 * The steps of reading `tokens` from `values` (batch 1); `logits` is Y = H W_hq + b_q for
 * H_0 … H_T of the top layer, [(T + 1) × V]; `k` next-token candidates per step.
 */
export function tracedSteps(config: ModelConfig, values: ForwardValues, tokens: ArrayLike<number>, logits: Float32Array, k: number): TraceStep[] {
  const { hiddenSize: h, vocabSize: V, cell } = config;
  const { floats, base } = values;
  const T = tokens.length;
  const names = TRACE_GATES[cell];
  const layers = tracedColumns(config, values.layout).map((columns) =>
    names.map((name) => {
      const { start, stride, offset } = columns[name];
      const copy = new Float32Array(T * h);
      for (let t = 0; t < T; t++) {
        const at = start + t * stride + offset - base;
        copy.set(floats.subarray(at, at + h), t * h);
      }
      return { name, copy };
    }),
  );
  const steps: TraceStep[] = [];
  let logProbs = logSoftmax(logits.subarray(0, V));
  for (let t = 0; t < T; t++) {
    const record = layers.map((columns) => {
      const gates: Record<string, Float32Array> = {};
      for (const { name, copy } of columns) gates[name] = copy.subarray(t * h, (t + 1) * h);
      return gates;
    });
    const surprisal = -logProbs[tokens[t]];
    logProbs = logSoftmax(logits.subarray((t + 1) * V, (t + 2) * V));
    steps.push({ token: tokens[t], layers: record, surprisal, topK: topKOfLogProbs(logProbs, k) });
  }
  return steps;
}
