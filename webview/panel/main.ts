/**
 * The LSTM Lens panel. It says `ready` to the host, waits for `init` (strings and resource
 * URLs), starts the trainer worker from a Blob and relays the worker's reports to the host.
 */
import { parseHostToPanel, type HostToPanel, type PanelStrings, type WorkerToPanel } from '../../src/protocol';
import { vscode } from './vscodeApi';
import { startWorker, type StartedWorker } from './startWorker';
import { renderBackendReport, renderError, renderProbing } from './backendView';

const root = document.getElementById('app') as HTMLElement;
let strings: PanelStrings | undefined;
let started: StartedWorker | undefined;

document.addEventListener('securitypolicyviolation', (e) => {
  vscode.postMessage({ type: 'cspViolation', directive: e.effectiveDirective, blockedUri: e.blockedURI });
});

function onWorkerMessage(msg: WorkerToPanel): void {
  switch (msg.type) {
    case 'backendReport':
      if (strings) renderBackendReport(root, strings, msg.report);
      vscode.postMessage({ type: 'backendReport', report: msg.report });
      break;
    case 'cspViolation':
      vscode.postMessage(msg);
      break;
    case 'error':
      fail(msg.message);
      break;
  }
}

function fail(message: string): void {
  if (strings) renderError(root, strings, message);
  vscode.postMessage({ type: 'error', message });
}

async function probe(): Promise<void> {
  if (!started || !strings) return;
  renderProbing(root, strings);
  started.worker.postMessage({ type: 'probe', wasmFiles: started.wasmFiles });
}

async function onHostMessage(msg: HostToPanel): Promise<void> {
  switch (msg.type) {
    case 'init':
      strings = msg.strings;
      document.title = strings.title;
      renderProbing(root, strings);
      try {
        started ??= await startWorker(msg.resources, msg.workerTimeoutMs, onWorkerMessage);
        await probe();
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
      break;
    case 'probeBackends':
      await probe();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostToPanel(event.data);
  if (!msg) {
    console.warn('[lstm-lens panel] dropped a host message that does not parse', event.data);
    return;
  }
  void onHostMessage(msg);
});

vscode.postMessage({ type: 'ready' });
