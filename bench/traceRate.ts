/**
 * The explorer's trace speed in characters per second (d2l's tokenizer reads one character per
 * token): a span of N tokens traced by the fused WebAssembly tracer and by the WebGPU tracer on
 * Dawn (where it finds an adapter), each warmed up once, then the median of `runs` traces. An
 * LSTM of one layer with the d2l workload's vocabulary (28); the tokens are random (a trace's
 * cost does not depend on which they are).
 */
import { FusedTracer } from '../src/core/engine/fused/infer/fusedTracer';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { createNodeWebGpuTracer } from '../src/core/engine/nodeWebGpu';
import type { GateTrace } from '../src/core/infer/gateTrace';
import type { ModelConfig } from '../src/core/model/config';
import { initParams } from '../src/core/model/init';
import { errorText } from '../src/core/util/errorText';
import { Rng } from '../src/core/util/rng';
import { quantile } from './quantile';

/** The d2l corpus's vocabulary size (time machine, d2l tokenizer). */
const VOCAB = 28;

export interface TraceRow {
  readonly engine: 'fused-wasm' | 'webgpu';
  readonly chars: number;
  readonly adapter?: string;
  readonly charsPerSec: number | null;
  readonly note?: string;
}

type Trace = (tokens: Int32Array) => GateTrace | Promise<GateTrace>;

async function charsPerSec(trace: Trace, tokens: Int32Array, runs: number): Promise<number> {
  await trace(tokens); // plans the layout (and, on the GPU, its buffers) for this length
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await trace(tokens);
    ms.push(performance.now() - t0);
  }
  return tokens.length / (quantile(ms, 0.5) / 1000);
}

export async function traceRows(hidden: number, lengths: readonly number[], runs: number): Promise<TraceRow[]> {
  const config: ModelConfig = { cell: 'lstm', vocabSize: VOCAB, hiddenSize: hidden, numLayers: 1 };
  const params = initParams(config, 1, 0.1);
  const rng = new Rng(5);
  const spans = lengths.map((n) => Int32Array.from({ length: n }, () => rng.int(0, VOCAB - 1)));
  const rows: TraceRow[] = [];
  const fused = await FusedTracer.create(loadFusedWasm(), config, params);
  for (const tokens of spans) rows.push({ engine: 'fused-wasm', chars: tokens.length, charsPerSec: await charsPerSec((t) => fused.trace(t), tokens, runs) });
  const gpu = await createNodeWebGpuTracer(config, params).catch((e: unknown) => errorText(e));
  if (typeof gpu === 'string') {
    for (const tokens of spans) rows.push({ engine: 'webgpu', chars: tokens.length, charsPerSec: null, note: gpu });
    return rows;
  }
  try {
    for (const tokens of spans) rows.push({ engine: 'webgpu', chars: tokens.length, adapter: gpu.adapterName, charsPerSec: await charsPerSec((t) => gpu.trace(t), tokens, runs) });
  } finally {
    gpu.dispose();
  }
  return rows;
}
