/**
 * Shard workers kept started between the probe's tries. Starting one costs more than a probe's
 * step (a webview's shard worker loads the whole worker script), so fused-wasm-4w takes the
 * workers fused-wasm-2w had and starts only the ones it lacks. A lent port comes back when its
 * pool terminates it (MessageShardPool.dispose); once the probe is over (close) the idle workers
 * end, and the winner's end when its pool does.
 */
import type { ShardPort } from './threadMessages';

/** The listeners of one lending: a port lent again never reaches its earlier borrower. */
interface Lease {
  readonly onMessage: ((message: unknown) => void)[];
  readonly onError: ((error: Error) => void)[];
}

interface StockedWorker {
  readonly port: ShardPort;
  lease: Lease | undefined;
  /** Requests posted and not yet answered (a shard server answers each once). */
  unanswered: number;
  /** It failed or a message from it could not be read: never lent again. */
  broken: boolean;
}

export class ShardPortStock {
  private readonly idle: StockedWorker[] = [];
  private closed = false;

  /** `start`: starts one more shard worker (see serveShards). */
  constructor(private readonly start: () => ShardPort) {}

  /** `count` ports, the idle workers first, then fresh ones. */
  lend(count: number): ShardPort[] {
    return Array.from({ length: count }, () => this.lendOne(this.idle.shift() ?? this.started()));
  }

  /** The probe is over: ends the idle workers; the lent ones end when they come back. */
  close(): void {
    this.closed = true;
    for (const w of this.idle.splice(0)) w.port.terminate?.();
  }

  private started(): StockedWorker {
    const w: StockedWorker = { port: this.start(), lease: undefined, unanswered: 0, broken: false };
    w.port.onMessage((m) => {
      w.unanswered--;
      for (const f of w.lease?.onMessage ?? []) f(m);
    });
    w.port.onError?.((e) => {
      w.broken = true;
      for (const f of w.lease?.onError ?? []) f(e);
      if (!w.lease && this.idle.includes(w)) {
        this.idle.splice(this.idle.indexOf(w), 1);
        w.port.terminate?.();
      }
    });
    return w;
  }

  private lendOne(w: StockedWorker): ShardPort {
    const lease: Lease = { onMessage: [], onError: [] };
    w.lease = lease;
    return {
      postMessage: (m, transfer) => {
        if (w.lease !== lease) throw new Error('a shard worker was used after it was given back');
        w.unanswered++;
        w.port.postMessage(m, transfer);
      },
      onMessage: (f) => lease.onMessage.push(f),
      onError: (f) => lease.onError.push(f),
      terminate: () => this.giveBack(w, lease),
    };
  }

  /** A worker still busy (its answer would reach the next borrower) or broken ends instead of waiting for another lending. */
  private giveBack(w: StockedWorker, lease: Lease): void {
    if (w.lease !== lease) return;
    w.lease = undefined;
    if (this.closed || w.broken || w.unanswered > 0) w.port.terminate?.();
    else this.idle.push(w);
  }
}
