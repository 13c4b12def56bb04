/** A worker thread serving shards by message (what a webview's shard worker does), as a ShardPort. */
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { ShardPort } from '../../src/core/engine/fused/threads/threadMessages';

/** `dieOnRun`: the thread exits on its first shard, as a crashed worker would. */
export function shardWorker(dieOnRun = false): ShardPort {
  const server = path.join(__dirname, '..', '..', 'src', 'core', 'engine', 'fused', 'threads', 'messageShardServer.js');
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads');
     ${dieOnRun ? "parentPort.on('message', (m) => { if (m.type === 'run') process.exit(3); });" : ''}
     require(${JSON.stringify(server)}).serveShards({ postMessage: (m, t) => parentPort.postMessage(m, t), onMessage: (f) => parentPort.on('message', f) });`,
    { eval: true },
  );
  return {
    postMessage: (m, t) => w.postMessage(m, t),
    onMessage: (f) => w.on('message', f),
    onError: (f) => w.on('error', f).on('exit', (code) => f(new Error(`exited (${code})`))),
    terminate: () => void w.terminate(),
  };
}
