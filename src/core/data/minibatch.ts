/**
 * A minibatch of token ids as d2l's iterators yield it: X and Y of shape [batchSize, numSteps],
 * row-major, where Y is X shifted by one token (the next-character targets).
 */
export interface Minibatch {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly batchSize: number;
  readonly numSteps: number;
}
