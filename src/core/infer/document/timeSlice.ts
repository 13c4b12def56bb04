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

/**
 * Paces work done in pieces: from how long the last piece took per item, how many items the
 * next one takes to last about half a slice (so a slice ends close to its budget).
 */
export class Pace {
  private msPerItem: number | undefined;

  /** `first`: items in the first piece, before any has been timed. */
  constructor(private readonly first: number) {}

  /** Items the next piece takes (at least 1). */
  items(): number {
    return this.msPerItem === undefined ? this.first : Math.max(1, Math.floor(SLICE_MS / 2 / this.msPerItem));
  }

  /** Times `items` items of work. */
  time<T>(items: number, work: () => T): T {
    const t0 = performance.now();
    const result = work();
    if (items > 0) this.msPerItem = Math.max((performance.now() - t0) / items, 1e-4);
    return result;
  }
}

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
