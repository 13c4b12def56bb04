/**
 * Runs async work one call after another, each starting once the previous one settled (failed
 * ones included): a GPU engine's calls map buffers and may re-plan its arena, so two must not
 * overlap.
 */
export class SerialRuns {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
