/**
 * A batch layout's inputs and recurrent state: token ids written time-major, and the initial
 * state H_0 (C_0) that is zeroed, carried from the last step, or moved to a re-planned layout.
 */
import type { Minibatch } from '../../../data/minibatch';
import type { BatchLayout } from './layout';

/** Writes rows [firstRow, firstRow + layout.batchSize) of `batch` time-major (row t·B + b). */
export function writeTokens(memory: ArrayBuffer, layout: BatchLayout, batch: Minibatch, firstRow: number, vocabSize: number): void {
  const { batchSize: B, numSteps: T } = layout;
  const tokens = new Int32Array(memory, layout.tokens, B * T);
  const targets = new Int32Array(memory, layout.targets, B * T);
  for (let i = 0; i < B; i++) {
    const row = (firstRow + i) * T;
    for (let t = 0; t < T; t++) {
      tokens[t * B + i] = checked(batch.inputs[row + t], vocabSize, 'input');
      targets[t * B + i] = checked(batch.targets[row + t], vocabSize, 'target');
    }
  }
}

function checked(id: number, vocabSize: number, what: string): number {
  if (!(id >= 0 && id < vocabSize)) throw new Error(`${what} token ${id} is outside the vocabulary of ${vocabSize}`);
  return id;
}

/** The state buffers of every layer: H, and C for the LSTM. */
export function stateBuffers(layout: BatchLayout): number[][] {
  return layout.layers.map((act) => (act.cs ? [act.hs, act.cs] : [act.hs]));
}

/** H_0 (and C_0) ← 0 in every layer. */
export function zeroState(memory: ArrayBuffer, layout: BatchLayout, hiddenSize: number): void {
  const size = layout.batchSize * hiddenSize;
  for (const bufs of stateBuffers(layout)) for (const p of bufs) new Float32Array(memory, p, size).fill(0);
}

/** The final state H_T (and C_T) becomes the next batch's initial state, detached. */
export function carryState(memory: ArrayBuffer, layout: BatchLayout, hiddenSize: number): void {
  const size = layout.batchSize * hiddenSize;
  for (const bufs of stateBuffers(layout)) {
    for (const p of bufs) new Float32Array(memory, p, size).set(new Float32Array(memory, p + layout.numSteps * size * 4, size));
  }
}

/** Copies the initial state into a re-planned layout of the same batch size (regions may overlap). */
export function moveState(memory: ArrayBuffer, from: BatchLayout, to: BatchLayout, hiddenSize: number): void {
  const size = from.batchSize * hiddenSize;
  const saved = stateBuffers(from).map((bufs) => bufs.map((p) => new Float32Array(memory, p, size).slice()));
  stateBuffers(to).forEach((bufs, layer) => bufs.forEach((p, i) => new Float32Array(memory, p, size).set(saved[layer][i])));
}
