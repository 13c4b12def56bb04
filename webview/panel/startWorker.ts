/**
 * Starts the trainer worker the only way a webview can: fetch its bundle from the extension's
 * resource URL, wrap it in a Blob and start it from a blob: URL. The tf.js WASM binaries get
 * blob: URLs the same way, because the worker cannot fetch webview resource URLs itself.
 */
import type { WorkerResources } from '../../src/protocol/backends';
import { droppedSample, workerChannel, type Channel } from '../../src/protocol/channel';
import type { PanelToWorker, WorkerToPanel } from '../../src/protocol/messages';

export interface StartedWorker {
  readonly channel: Channel<WorkerToPanel, PanelToWorker>;
  /** tf.js WASM file name → blob: URL. */
  readonly wasmFiles: Record<string, string>;
}

async function blobUrl(url: string, type: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
}

/**
 * Resolves once the worker says `workerReady`; rejects if it does not within `timeoutMs`
 * or fails to load. Later messages go to `onMessage`, already checked against the protocol.
 */
export async function startWorker(
  resources: WorkerResources,
  timeoutMs: number,
  onMessage: (msg: WorkerToPanel) => void,
): Promise<StartedWorker> {
  const [scriptUrl, ...wasmUrls] = await Promise.all([
    blobUrl(resources.workerScript, 'text/javascript'),
    ...Object.values(resources.wasmFiles).map((u) => blobUrl(u, 'application/wasm')),
  ]);
  const wasmFiles = Object.fromEntries(Object.keys(resources.wasmFiles).map((name, i) => [name, wasmUrls[i]]));
  const worker = new Worker(scriptUrl, { name: 'lstm-lens-trainer' });
  return new Promise<StartedWorker>((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`the trainer worker did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.onerror = (e) => {
      clearTimeout(timer);
      reject(new Error(`the trainer worker failed: ${e.message || 'script error'}`));
    };
    const channel = workerChannel(
      {
        post: (message, transfer = []) => worker.postMessage(message, transfer),
        listen: (deliver) => worker.addEventListener('message', (e: MessageEvent<unknown>) => deliver(e.data)),
      },
      (raw) => console.warn(`[lstm-lens panel] dropped a worker message that does not parse: ${droppedSample(raw)}`),
    );
    channel.onMessage((msg) => {
      if (msg.type === 'workerReady') {
        clearTimeout(timer);
        resolve({ channel, wasmFiles });
      } else {
        onMessage(msg);
      }
    });
  });
}
