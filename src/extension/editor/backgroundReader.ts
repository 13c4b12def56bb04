/**
 * After an edit, once a document has been still for a moment, reads it on from the edit in the
 * background (time-sliced, so the editor never waits; cancelled by the next edit), so that the
 * next hover, ghost text or colouring elsewhere in it finds its state checkpointed instead of
 * re-reading the text one character at a time. vscode-free: the benchmark runs it too.
 */
import type { DocumentEntry } from './inferenceCache';
import type { Cancellation } from '../../core/infer/document/timeSlice';

/** How long a document must be still before it is read on. */
export const IDLE_MS = 400;
/** Tokens read past the last checkpoint at most (about a third of a second at hidden 256). */
export const READ_AHEAD_TOKENS = 20_000;

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  cancel: { isCancellationRequested: boolean };
  /** Settles the schedule's promise (when overtaken before its read began). */
  settle: () => void;
}

export class BackgroundReader {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly idleMs = IDLE_MS,
    private readonly readAhead = READ_AHEAD_TOKENS,
  ) {}

  /**
   * (Re)starts the wait for document `key`: any read of it going on stops, and after `idleMs`
   * without another call, `entryOf()` (undefined: nothing to read) is read on from its last
   * checkpoint. Resolves when that read ends or is overtaken.
   */
  schedule(key: string, entryOf: () => DocumentEntry | undefined): Promise<void> {
    this.cancel(key);
    return new Promise<void>((resolve) => {
      const p: Pending = { cancel: { isCancellationRequested: false }, settle: resolve };
      this.pending.set(key, p);
      p.timer = setTimeout(() => {
        p.timer = undefined;
        const entry = entryOf();
        const read = entry ? this.readOn(entry, p.cancel) : Promise.resolve();
        void read.finally(() => {
          if (this.pending.get(key) === p) this.pending.delete(key);
          resolve();
        });
      }, this.idleMs);
    });
  }

  /** Stops waiting for or reading document `key`. */
  cancel(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    if (p.timer !== undefined) {
      clearTimeout(p.timer);
      p.settle(); // its read never began
    }
    p.cancel.isCancellationRequested = true; // a read going on stops at its next slice
    this.pending.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }

  private async readOn(entry: DocumentEntry, cancel: Cancellation): Promise<void> {
    const { inference } = entry;
    await inference.stateBefore(Math.min(inference.length, inference.checkpointed + this.readAhead), cancel);
  }
}
