/** The webview's handle on the host, typed to the protocol's messages. */
import type { PanelToHost } from '../../src/protocol/messages';

interface VsCodeApi {
  postMessage(msg: PanelToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page; every module shares this instance. */
export const vscode: VsCodeApi = acquireVsCodeApi();
