/** A worker thread's end (the Worker, or the thread's parentPort) as a channel Port. */
import type { Port } from '../../protocol/channel';

interface ThreadEnd {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

export function threadPort(end: ThreadEnd): Port {
  return { post: (message, transfer) => end.postMessage(message, transfer), listen: (deliver) => end.on('message', deliver) };
}
