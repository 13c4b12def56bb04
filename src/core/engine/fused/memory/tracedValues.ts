/**
 * Where a forward pass leaves the values a trace reports (TRACE_GATES: the gate activations in
 * packing order, then C and H), for reading them in place: in a ForwardLayout of B sequences,
 * unit j of sequence b after its step t is floats[start + (t·B + b)·stride + offset + j] of the
 * memory, `start` being the first row of the buffer that holds it (the gates side by side, H, C).
 */
import type { ModelConfig } from '../../../model/config';
import { TRACE_GATES } from '../../../infer/stepper';
import { CELL_PLANS } from './cellPlan';
import type { ForwardLayout } from './layout';

/** One traced value's place, in floats: in the buffer whose row r (= t·B + b) starts at start + r·stride, at `offset`. */
export interface TracedColumn {
  readonly start: number;
  readonly stride: number;
  readonly offset: number;
}

/** Per layer, every TRACE_GATES name's column. */
export function tracedColumns(config: ModelConfig, layout: ForwardLayout): Readonly<Record<string, TracedColumn>>[] {
  const h = config.hiddenSize;
  const Gh = CELL_PLANS[config.cell].gates * h;
  const B = layout.batchSize;
  return layout.layers.map((act) =>
    Object.fromEntries(
      TRACE_GATES[config.cell].map((name, g) => {
        // H and C: slot 0 of hs (cs) is the state carried in, so step t's value is slot t + 1
        if (name === 'H') return [name, { start: act.hs / 4 + B * h, stride: h, offset: 0 }];
        if (name === 'C') return [name, { start: act.cs / 4 + B * h, stride: h, offset: 0 }];
        return [name, { start: act.gates / 4, stride: Gh, offset: g * h }];
      }),
    ),
  );
}
