/**
 * One segment of a FusedForward read, as the StepRun the editor's walks consume: its values
 * are read in place from the kernels' memory (no copies), so they last until the next read.
 */
import type { ModelConfig } from '../../../model/config';
import type { GateValues, StepRun } from '../../../infer/stepModel';
import type { ForwardLayout } from '../memory/layout';
import { TracedColumn, tracedColumns } from '../memory/tracedValues';

/** The runs of every segment of a read (`layout`, in `memory`). */
export function fusedRuns(config: ModelConfig, layout: ForwardLayout, memory: ArrayBuffer): StepRun[] {
  const floats = new Float32Array(memory);
  const columns = tracedColumns(config, layout);
  return Array.from({ length: layout.batchSize }, (_, s) => new FusedRun(floats, columns, layout.batchSize, s, config.hiddenSize));
}

class FusedRun implements StepRun {
  constructor(
    private readonly floats: Float32Array,
    private readonly columns: readonly Readonly<Record<string, TracedColumn>>[],
    private readonly batchSize: number,
    private readonly sequence: number,
    private readonly hiddenSize: number,
  ) {}

  value(i: number, layer: number, name: string, unit: number): number {
    const { start, stride, offset } = this.columns[layer][name];
    return this.floats[start + (i * this.batchSize + this.sequence) * stride + offset + unit];
  }

  gatesAt(i: number, layer: number): GateValues {
    const row = i * this.batchSize + this.sequence;
    const values: Record<string, Float32Array> = {};
    for (const [name, { start, stride, offset }] of Object.entries(this.columns[layer])) {
      const at = start + row * stride + offset;
      values[name] = this.floats.subarray(at, at + this.hiddenSize);
    }
    return values;
  }
}
