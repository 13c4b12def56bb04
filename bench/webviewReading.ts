/**
 * What a training run in the panel's worker inside code-server showed (bench/webview/webviewRate.ts),
 * in a file both TypeScript projects compile: bench/webgpu.ts reads the webview half's JSON.
 */
export interface WebviewReading {
  /** The `lstmLens.backend` asked for. */
  readonly engine: string;
  /** The engine the dashboard's badge shows. */
  readonly ran: string;
  /** The GPU adapter beside the badge, for an engine on a GPU. */
  readonly adapter?: string;
  readonly tokensPerSec: number | null;
  readonly note?: string;
}

/** One reading of bench:webgpu's webview half, at its hidden size. */
export interface WebviewWebgpuReading extends WebviewReading {
  readonly hidden: number;
}
