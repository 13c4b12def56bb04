/** The float64 arithmetic every cell's plain-TypeScript step shares (the Stepper's, no tf.js). */

/** One layer's values at the latest step, [h] each, by trace name. */
export type GateBuffers = Readonly<Record<string, Float64Array>>;

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** out[j] += Σ_k x[k] · W[k, col0 + j] for j < out.length, W being row-major with `cols` columns. */
export function addVecMat(out: Float64Array, x: Float64Array, W: Float64Array, cols: number, col0: number): void {
  const width = out.length;
  for (let k = 0; k < x.length; k++) {
    const xk = x[k];
    if (xk === 0) continue;
    const row = k * cols + col0;
    for (let j = 0; j < width; j++) out[j] += xk * W[row + j];
  }
}
