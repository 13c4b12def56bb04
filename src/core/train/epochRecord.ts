/** What the trainer reports per epoch, keeps as history and saves in checkpoints. */
export interface EpochRecord {
  /** 1-based, counted across resumes. */
  readonly epoch: number;
  /** exp(mean cross-entropy over the epoch's predicted tokens), d2l's perplexity. */
  readonly perplexity: number;
  /** Training tokens (batch × steps per minibatch) per second of the epoch, d2l's speed. */
  readonly tokensPerSec: number;
  readonly tokens: number;
  readonly seconds: number;
}

/** Accumulates d2l's `metric.add(l * y.numel(), y.numel())` over one epoch. */
export class EpochMeter {
  private lossSum = 0;
  private tokenCount = 0;
  private readonly start = performance.now();

  add(meanLoss: number, tokens: number): void {
    this.lossSum += meanLoss * tokens;
    this.tokenCount += tokens;
  }

  get tokens(): number {
    return this.tokenCount;
  }

  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  record(epoch: number): EpochRecord {
    const seconds = this.seconds();
    return {
      epoch,
      perplexity: Math.exp(this.lossSum / this.tokenCount),
      tokensPerSec: this.tokenCount / seconds,
      tokens: this.tokenCount,
      seconds,
    };
  }
}
