/**
 * A minibatch's token ids as the kernels read them: inputs and targets time-major (row t·B + b,
 * checked against the vocabulary as the fused engine's writeTokens does), and the rows grouped
 * by input token, rows ascending (a counting sort), for the one-hot ∂W_x = Xᵀ ∂Z; and a trace's
 * tokens, checked the same way.
 */
import type { Minibatch } from '../../data/minibatch';
import { writeTokens } from '../fused/memory/batchState';
import type { GpuLayout } from './gpuLayout';

export function tokenIds(gpu: GpuLayout, batch: Minibatch, vocabSize: number): Uint32Array<ArrayBuffer> {
  const { ints } = gpu;
  const rows = batch.batchSize * batch.numSteps;
  const out = new Uint32Array(ints.bytes / 4);
  writeTokens(out.buffer, { ...gpu.batch, tokens: ints.tokens * 4, targets: ints.targets * 4 }, batch, 0, vocabSize);
  const starts = out.subarray(ints.starts, ints.starts + vocabSize + 1);
  for (let r = 0; r < rows; r++) starts[out[ints.tokens + r] + 1]++;
  for (let v = 0; v < vocabSize; v++) starts[v + 1] += starts[v];
  const next = starts.slice(0, vocabSize);
  for (let r = 0; r < rows; r++) out[ints.rowsByToken + next[out[ints.tokens + r]]++] = r;
  return out;
}

/** A trace's token ids as the kernels read them, each checked against the vocabulary (the fused tracer's message). */
export function traceTokenIds(tokens: ArrayLike<number>, vocabSize: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    const id = tokens[t];
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`Token id ${id} is outside the vocabulary of ${vocabSize}`);
    out[t] = id;
  }
  return out;
}
