/**
 * A segment read by step() token by token, for a StepModel without a readSegments of its own:
 * each step's values are copied out (step() overwrites gatesOf), so the run reads like one the
 * engine computed in one call.
 */
import type { GateValues, Segment, StepModel, StepRun } from './stepModel';
import { TRACE_GATES } from './stepper';

/** Reads `segments` with the model's own readSegments, or step() token by token where it has none. */
export function readSegments(model: StepModel, segments: readonly Segment[]): StepRun[] {
  return model.readSegments ? model.readSegments(segments) : segments.map((s) => steppedRun(model, s));
}

export function steppedRun(model: StepModel, { tokens, state }: Segment): StepRun {
  const { hiddenSize: h, numLayers, cell } = model.config;
  const names = TRACE_GATES[cell];
  const n = tokens.length;
  // per layer and name: the values after each token, [n × h]
  const values = Array.from({ length: numLayers }, () => Object.fromEntries(names.map((name) => [name, new Float64Array(n * h)])));
  for (let i = 0; i < n; i++) {
    model.step(tokens[i], state);
    values.forEach((layer, k) => {
      const g = model.gatesOf(k);
      for (const name of names) layer[name].set(g[name] as ArrayLike<number>, i * h);
    });
  }
  return {
    value: (i, layer, name, unit) => values[layer][name][i * h + unit],
    gatesAt: (i, layer): GateValues => Object.fromEntries(names.map((name) => [name, values[layer][name].subarray(i * h, (i + 1) * h)])),
  };
}
