/**
 * How a step learns that it went non-finite. IEEE arithmetic would carry a NaN or ∞ to the loss,
 * but a GPU's exp, log, clamp and max need not (on SwiftShader exp(NaN) = ∞, so σ(NaN) = 0, and
 * max drops a NaN). So the values are tested by their exponent bits where they enter those
 * functions (every pre-activation, every logit) and where they leave (∂θ), and the step's flags
 * at the arena's first floats are raised: FORWARD_FLAG makes the loss and ‖g‖ non-finite,
 * GRADIENT_FLAG ‖g‖. The flags are zeroed before every step.
 */

/** Float indices of the flags in the arena (the model part starts after them: FLAGS_BYTES). */
export const FORWARD_FLAG = 0;
export const GRADIENT_FLAG = 1;
export const FLAGS_BYTES = 64;

/** A quiet NaN's bits, handed to a kernel at run time (a NaN constant is a WGSL compile error). */
export const NAN_BITS = 0x7fc00000;

export const FINITE_WGSL = `
// neither ∞ nor NaN, by the exponent bits (compilers may fold NaN comparisons away)
fn isFinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn flagForward(x: f32) { if (!isFinite(x)) { mem[${FORWARD_FLAG}u] = 1.0; } }
fn flagGradient(x: f32) { if (!isFinite(x)) { mem[${GRADIENT_FLAG}u] = 1.0; } }
`;
