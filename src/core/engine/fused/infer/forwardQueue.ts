/**
 * The groups of a split read as a queue that the caller's thread and the worker threads all
 * take from: each claims the next group (an atomic counter) until none is left, so a thread
 * that wakes late or is preempted by another process simply takes fewer, and the read is never
 * much slower than in one thread. Each group records who claimed it, so when a thread fails
 * only its own unfinished groups are run again (a live thread's group is never computed twice
 * in the same memory). One SharedArrayBuffer per read (a late thread of an earlier read finds
 * its own queue empty, never this one).
 */

/**
 * Int32 indices, a cache line apart: the next group to claim, a counter bumped whenever a group
 * is done or a thread fails, the failed threads (a bit per thread); then per group a done flag,
 * then per group its claimer (thread + 1; 0 while unclaimed).
 */
const NEXT = 0;
const CHANGES = 16;
const FAILED = 32;
const FLAGS = 48;

/** A queue of `groups` groups, none claimed. */
export function forwardQueue(groups: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (FLAGS + 2 * groups)));
}

const ownerAt = (count: number, g: number) => FLAGS + count + g;

/** Claims groups as thread `thread` (0: the caller) and runs each with `run` until none of the `count` is left. */
export function takeGroups(queue: Int32Array, count: number, run: (group: number) => void, thread = 0): void {
  for (let g = Atomics.add(queue, NEXT, 1); g < count; g = Atomics.add(queue, NEXT, 1)) {
    Atomics.store(queue, ownerAt(count, g), thread + 1);
    run(g);
    Atomics.store(queue, FLAGS + g, 1);
    Atomics.add(queue, CHANGES, 1);
    Atomics.notify(queue, CHANGES);
  }
}

/** Tells the waiting caller that thread `thread` failed (the groups it claimed stay not done). */
export function failQueue(queue: Int32Array, thread: number): void {
  Atomics.or(queue, FAILED, 1 << thread);
  Atomics.add(queue, CHANGES, 1);
  Atomics.notify(queue, CHANGES);
}

export interface QueueOutcome {
  /** Groups a failed thread left undone: safe to run again. */
  readonly redo: number[];
  /** Groups a live thread still had when the time ran out. */
  readonly stalled: number[];
}

/**
 * Blocks until each of the `count` groups is done or its claimer failed, or `timeoutMs` passed.
 * Spins where this thread may not block.
 */
export function awaitGroups(queue: Int32Array, count: number, timeoutMs: number): QueueOutcome {
  const deadline = performance.now() + timeoutMs;
  const failed = (g: number) => (Atomics.load(queue, FAILED) & (1 << (Atomics.load(queue, ownerAt(count, g)) - 1))) !== 0;
  const open = () => Array.from({ length: count }, (_, g) => g).filter((g) => Atomics.load(queue, FLAGS + g) === 0);
  for (;;) {
    const seen = Atomics.load(queue, CHANGES);
    const left = open();
    if (left.every(failed)) return { redo: left, stalled: [] };
    const wait = deadline - performance.now();
    if (wait <= 0) return { redo: left.filter(failed), stalled: left.filter((g) => !failed(g)) };
    try {
      Atomics.wait(queue, CHANGES, seen, wait);
    } catch {
      // Atomics.wait is not allowed on this thread: spin
    }
  }
}
