/**
 * The scheduler's next turn, for long work on a thread that must keep reading its messages (a
 * stop, a cancel): a training run between minibatches, a corpus read between chunks.
 */

/** What the thread's host gives it. */
interface EventLoop {
  setImmediate?: (callback: () => void) => void;
}

/**
 * Lets the thread read its messages, without setTimeout's clamping: setImmediate in Node, a
 * MessageChannel round trip in a Web Worker.
 */
export function yieldToEvents(): Promise<void> {
  const loop = globalThis as EventLoop;
  if (loop.setImmediate) return new Promise((resolve) => loop.setImmediate?.(resolve));
  return new Promise((resolve) => {
    const ch = new MessageChannel() as unknown as { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(v: unknown): void } };
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}
