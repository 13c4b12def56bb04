/**
 * The trainer worker, started by the panel from a Blob (webviews cannot start workers from
 * their resource URLs). It answers the panel's messages, checked on arrival by the protocol.
 */
import { parsePanelToWorker, type WorkerToPanel } from '../../src/protocol';
import { probeBackends } from './probeBackends';

declare const self: DedicatedWorkerGlobalScope;

const startedAt = performance.now();

function post(msg: WorkerToPanel): void {
  self.postMessage(msg);
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const msg = parsePanelToWorker(event.data);
  if (!msg) {
    console.warn('[lstm-lens worker] dropped a message that does not parse', event.data);
    return;
  }
  switch (msg.type) {
    case 'probe':
      probeBackends(msg.wasmFiles, startedAt).then(
        (report) => post({ type: 'backendReport', report }),
        (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
      break;
  }
};

post({ type: 'workerReady' });

// A blocked request inside the worker (a WASM fetch, say) is reported, never silent.
self.addEventListener('securitypolicyviolation', (e: Event) => {
  const v = e as SecurityPolicyViolationEvent;
  post({ type: 'cspViolation', directive: v.effectiveDirective, blockedUri: v.blockedURI });
});
