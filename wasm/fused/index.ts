/**
 * The fused engine's WebAssembly module: every export takes byte offsets into the imported
 * memory, whose layout the TypeScript side (src/core/engine/fused/layout.ts) plans.
 */
export { packB, packedBSize, packedASize, setGemmScratch, gemm } from './gemm';
export { gatherRowsPlusBias, broadcastRows, scatterAddRows, columnSums } from './rows';
export { weightGradient } from './weightGradient';
export { lstmForward, lstmBackward, lstmBackwardSteps } from './lstm';
export { gruForward, gruBackward, gruBackwardSteps } from './gru';
export { rnnForward, rnnBackward, rnnBackwardSteps } from './rnn';
export { softmaxCrossEntropy } from './head';
export { sumSquares, sgdStep, addInPlace, adamStep } from './update';
export { expInPlace, relaxedSimd } from './mathf4';
