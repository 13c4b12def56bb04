/** The webview's handle on the host: the typed channel to it, and the state kept over a reload. */
import { droppedSample, hostChannel, type Channel } from '../../src/protocol/channel';
import type { HostToPanel, PanelToHost } from '../../src/protocol/messages';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page; every module shares this instance. */
const api: VsCodeApi = acquireVsCodeApi();

/** The host's messages arrive on the window; the panel's go through the api. */
export const host: Channel<HostToPanel, PanelToHost> = hostChannel(
  {
    post: (message) => api.postMessage(message),
    listen: (deliver) => window.addEventListener('message', (event: MessageEvent<unknown>) => deliver(event.data)),
  },
  (raw) => console.warn(`[lstm-lens panel] dropped a host message that does not parse: ${droppedSample(raw)}`),
);

export const panelState = {
  get: (): unknown => api.getState(),
  set: (state: unknown): void => api.setState(state),
};
