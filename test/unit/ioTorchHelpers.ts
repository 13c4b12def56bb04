/** The project's forward pass over a model imported from PyTorch, and the comparison with PyTorch's numbers. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { SavedModel } from '../../src/core/io/savedModel';
import { Stepper } from '../../src/core/infer/stepper';

/** The logits after each token and the final state, by the plain-TypeScript stepper. */
export function forward(model: SavedModel, inputs: readonly number[]): { logits: number[][]; h: Float64Array; c?: Float64Array } {
  const stepper = new Stepper(model.params, model.config);
  const state = stepper.zeroState();
  const logits = inputs.map((token) => {
    stepper.step(token, state);
    return Array.from(stepper.logits(state));
  });
  return { logits, h: state.h, c: state.c };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  return Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

/** A Python that has torch (Debian's python3-torch lives in /usr/bin/python3), if any. */
export const torchPython = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import torch']).status === 0);

export const NEEDS_TORCH = 'needs python3 with torch (apt-get install python3-torch)';
