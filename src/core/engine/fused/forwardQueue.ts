/**
 * The groups of a split read as a queue that the caller's thread and the worker threads all
 * take from: each claims the next group (an atomic counter) until none is left, so a thread
 * that wakes late or is preempted by another process simply takes fewer, and the read is never
 * much slower than in one thread. One SharedArrayBuffer per read (a late thread of an earlier
 * read finds its own queue empty, never this one).
 */

/** Int32 indices, a cache line apart: the next group to claim, the groups done, a failure flag; then one done flag per group. */
const NEXT = 0;
const DONE = 16;
const FAILED = 32;
const FLAGS = 48;

/** A queue of `groups` groups, none claimed. */
export function forwardQueue(groups: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (FLAGS + groups)));
}

/** Claims groups and runs each with `run` until none of the `count` is left. */
export function takeGroups(queue: Int32Array, count: number, run: (group: number) => void): void {
  for (let g = Atomics.add(queue, NEXT, 1); g < count; g = Atomics.add(queue, NEXT, 1)) {
    run(g);
    Atomics.store(queue, FLAGS + g, 1);
    if (Atomics.add(queue, DONE, 1) + 1 === count) Atomics.notify(queue, DONE);
  }
}

/** Tells the waiting caller that a thread failed (the groups it claimed stay not done). */
export function failQueue(queue: Int32Array): void {
  Atomics.store(queue, FAILED, 1);
  Atomics.add(queue, DONE, 0x10000); // wakes the waiter: DONE no longer holds what it waits on
  Atomics.notify(queue, DONE);
}

/**
 * Blocks until the `count` groups are done, a thread failed or `timeoutMs` passed; returns the
 * groups not done (empty when all are). Spins where this thread may not block.
 */
export function awaitGroups(queue: Int32Array, count: number, timeoutMs: number): number[] {
  const deadline = performance.now() + timeoutMs;
  for (let done = Atomics.load(queue, DONE); done !== count; done = Atomics.load(queue, DONE)) {
    const left = deadline - performance.now();
    if (Atomics.load(queue, FAILED) || left <= 0) break;
    try {
      Atomics.wait(queue, DONE, done, left);
    } catch {
      // Atomics.wait is not allowed on this thread: spin
    }
  }
  return Array.from({ length: count }, (_, g) => g).filter((g) => Atomics.load(queue, FLAGS + g) === 0);
}
