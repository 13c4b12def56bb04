/** How long a corpus must be for d2l's iterators to yield at least one minibatch. */

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
}

/**
 * The fewest tokens that give both partitions a minibatch whatever offset they draw:
 * the sequential partition may skip `numSteps` tokens, then needs `batchSize × numSteps`
 * inputs and one more token for the last target (the random one needs one token less).
 */
export function minimumCorpusLength(batchSize: number, numSteps: number): number {
  checkPositiveInteger('Batch size', batchSize);
  checkPositiveInteger('Number of steps', numSteps);
  return numSteps * (batchSize + 1) + 1;
}

/** Throws a message naming the minimum when `length` tokens cannot fill a minibatch. */
export function checkCorpusLength(length: number, batchSize: number, numSteps: number): void {
  const minimum = minimumCorpusLength(batchSize, numSteps);
  if (length < minimum) {
    throw new Error(
      `The corpus has ${length} tokens, too short for batch size ${batchSize} × ${numSteps} steps: ` +
        `it needs at least ${minimum} tokens. Use a longer text or a smaller batch size or number of steps.`,
    );
  }
}
