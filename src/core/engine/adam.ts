/**
 * Adam's constants, PyTorch's defaults (torch.optim.Adam), so every engine steps alike:
 * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η · m̂ / (√v̂ + ε) with
 * m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). (tf.train.adam differs: ε = 1e−7.)
 */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
