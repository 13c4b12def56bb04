/**
 * Cooperative time slicing for work in the extension host, which must never block the editor:
 * a long loop asks `due()` (cheap) at each step and, when its slice is spent, awaits `pause()`,
 * which lets the event loop run and says whether the caller still wants the result.
 * vscode-free, so the benchmark and the Node tests run the same code as the providers.
 */

/** What the work checks to stop early; vscode.CancellationToken is one. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** For work nobody cancels (a benchmark, a test). */
export const NOT_CANCELLED: Cancellation = { isCancellationRequested: false };

/** How long a slice of work runs before the event loop gets its turn. */
export const SLICE_MS = 8;

export class TimeSlice {
  private start = performance.now();

  constructor(private readonly cancel: Cancellation) {}

  /** True when the slice is spent (time to `pause()`) or the work was cancelled. */
  due(): boolean {
    return this.cancel.isCancellationRequested || performance.now() - this.start >= SLICE_MS;
  }

  /** Lets the event loop run; resolves false when the work was cancelled meanwhile. */
  async pause(): Promise<boolean> {
    if (this.cancel.isCancellationRequested) return false;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.start = performance.now();
    return !this.cancel.isCancellationRequested;
  }
}
