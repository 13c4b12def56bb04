/** What the trainer worker finds when it probes tf.js's backends, and what it needs to start. */
import { arrayOf, isBool, isNum, isStr, objectOf, oneOf, optional, stringMap } from './validate';

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

/** Webview resource URLs the panel needs to start the worker (webviews cannot load workers by URL). */
export interface WorkerResources {
  readonly workerScript: string;
  /** tf.js WASM binaries by file name, as tf.setWasmPaths expects them. */
  readonly wasmFiles: Readonly<Record<string, string>>;
}

/** tf.js's WASM binaries are a handful of files. */
export const isWasmFiles = stringMap(64);

const isBackendProbe = objectOf({
  backend: oneOf(TF_BACKENDS),
  available: isBool,
  detail: isStr,
  error: optional(isStr),
  matmulMs: optional(isNum),
});

export const isBackendReport = objectOf({ probes: arrayOf(isBackendProbe, 16), tfVersion: isStr, elapsedMs: isNum });

export const isWorkerResources = objectOf({ workerScript: isStr, wasmFiles: isWasmFiles });
