/**
 * THE messages between the extension host, the panel webview and the trainer worker.
 *
 * Every message is a discriminated union member `{ type, ... }`. Each side validates what
 * arrives with the `parse*` functions below and drops (and logs) anything that does not
 * parse, so a stale webview or a bug on one side cannot put the other in a bad state.
 * The host posts nothing to the panel before the panel's `ready` (the handshake).
 */

/** The tf.js backends the worker can run on, fastest first on a machine with a GPU. */
export type TfBackendName = 'webgl' | 'wasm' | 'cpu';
export const TF_BACKENDS: readonly TfBackendName[] = ['webgl', 'wasm', 'cpu'];

/** What the worker found when it tried one backend. */
export interface BackendProbe {
  readonly backend: TfBackendName;
  readonly available: boolean;
  /** WebGL: version and GL renderer; WASM: SIMD and threads; CPU: 'JavaScript'. */
  readonly detail: string;
  /** Why it is not available, when it is not. */
  readonly error?: string;
  /** Milliseconds for one 256×256 matmul after warm-up: a rough speed hint. */
  readonly matmulMs?: number;
}

export interface BackendReport {
  readonly probes: readonly BackendProbe[];
  /** The tf.js version the worker runs. */
  readonly tfVersion: string;
  /** Milliseconds from worker creation to the finished report. */
  readonly elapsedMs: number;
}

/** Strings the panel shows, localised by the host (vscode.l10n) so translations can follow. */
export type PanelStrings = Readonly<Record<PanelStringKey, string>>;
export const PANEL_STRING_KEYS = [
  'title',
  'backendsHeading',
  'probing',
  'available',
  'unavailable',
  'backend',
  'status',
  'detail',
  'matmul',
  'workerFailed',
  'tfVersion',
] as const;
export type PanelStringKey = (typeof PANEL_STRING_KEYS)[number];

/** Webview resource URLs the panel needs to start the worker (webviews cannot load workers by URL). */
export interface WorkerResources {
  readonly workerScript: string;
  /** tf.js WASM binaries by file name, as tf.setWasmPaths expects them. */
  readonly wasmFiles: Readonly<Record<string, string>>;
}

// ---- host → panel ----------------------------------------------------------------------

export type HostToPanel =
  | { readonly type: 'init'; readonly strings: PanelStrings; readonly resources: WorkerResources; readonly workerTimeoutMs: number }
  | { readonly type: 'probeBackends' };

// ---- panel → host ----------------------------------------------------------------------

export type PanelToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'backendReport'; readonly report: BackendReport }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string };

// ---- panel → worker --------------------------------------------------------------------

export type PanelToWorker = { readonly type: 'probe'; readonly wasmFiles: Readonly<Record<string, string>> };

// ---- worker → panel --------------------------------------------------------------------

export type WorkerToPanel =
  | { readonly type: 'workerReady' }
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blockedUri: string }
  | { readonly type: 'backendReport'; readonly report: BackendReport }
  | { readonly type: 'error'; readonly message: string };

// ---- runtime checks --------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStr(v: unknown): v is string {
  return typeof v === 'string';
}
function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
function isStringMap(v: unknown): v is Record<string, string> {
  return isObj(v) && Object.values(v).every(isStr);
}

function isBackendProbe(v: unknown): v is BackendProbe {
  return (
    isObj(v) &&
    TF_BACKENDS.includes(v.backend as TfBackendName) &&
    typeof v.available === 'boolean' &&
    isStr(v.detail) &&
    (v.error === undefined || isStr(v.error)) &&
    (v.matmulMs === undefined || isNum(v.matmulMs))
  );
}

function isBackendReport(v: unknown): v is BackendReport {
  return isObj(v) && Array.isArray(v.probes) && v.probes.every(isBackendProbe) && isStr(v.tfVersion) && isNum(v.elapsedMs);
}

function isPanelStrings(v: unknown): v is PanelStrings {
  return isObj(v) && PANEL_STRING_KEYS.every((k) => isStr(v[k]));
}

function isWorkerResources(v: unknown): v is WorkerResources {
  return isObj(v) && isStr(v.workerScript) && isStringMap(v.wasmFiles);
}

/** The panel's check of what the host sends. */
export function parseHostToPanel(v: unknown): HostToPanel | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'init':
      return isPanelStrings(v.strings) && isWorkerResources(v.resources) && isNum(v.workerTimeoutMs) ? (v as HostToPanel) : undefined;
    case 'probeBackends':
      return { type: 'probeBackends' };
    default:
      return undefined;
  }
}

/** The host's check of what the panel sends. */
export function parsePanelToHost(v: unknown): PanelToHost | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'backendReport':
      return isBackendReport(v.report) ? (v as PanelToHost) : undefined;
    case 'error':
      return isStr(v.message) ? (v as PanelToHost) : undefined;
    case 'cspViolation':
      return isStr(v.directive) && isStr(v.blockedUri) ? (v as PanelToHost) : undefined;
    default:
      return undefined;
  }
}

/** The worker's check of what the panel sends. */
export function parsePanelToWorker(v: unknown): PanelToWorker | undefined {
  if (!isObj(v)) return undefined;
  return v.type === 'probe' && isStringMap(v.wasmFiles) ? (v as PanelToWorker) : undefined;
}

/** The panel's check of what the worker sends. */
export function parseWorkerToPanel(v: unknown): WorkerToPanel | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'workerReady':
      return { type: 'workerReady' };
    case 'cspViolation':
      return isStr(v.directive) && isStr(v.blockedUri) ? (v as WorkerToPanel) : undefined;
    case 'backendReport':
      return isBackendReport(v.report) ? (v as WorkerToPanel) : undefined;
    case 'error':
      return isStr(v.message) ? (v as WorkerToPanel) : undefined;
    default:
      return undefined;
  }
}
