/**
 * One typed channel per boundary (host ↔ panel, panel ↔ worker, host ↔ its trainer thread).
 * A channel posts only its direction's messages, and hands on only what passed the other
 * direction's parse; what does not parse is dropped and named (a stale webview or a bug on one
 * side cannot put the other in a bad state). Each environment supplies a `Port`, the raw
 * endpoint it has (a webview, a Web Worker, a worker thread); nothing else calls postMessage.
 */
import {
  parseHostToPanel,
  parseHostToTrainer,
  parsePanelToHost,
  parsePanelToWorker,
  parseWorkerToPanel,
  type HostToPanel,
  type HostToTrainer,
  type PanelToHost,
  type PanelToWorker,
  type WorkerToPanel,
} from './messages';
import { parseTrainEvent, type TrainEvent } from './training';

/** A raw endpoint: posts structured-cloneable values (moving `transfer`), delivers what arrives. */
export interface Port {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  listen(deliver: (raw: unknown) => void): void;
}

export interface Channel<In, Out> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  /** The one handler of what arrives; what arrived before it was set waits for it. */
  onMessage(handler: (message: In) => void): void;
}

/** Called with what did not parse, to log it where this side logs. */
export type Dropped = (raw: unknown) => void;

function openChannel<In, Out>(port: Port, parse: (raw: unknown) => In | undefined, dropped: Dropped): Channel<In, Out> {
  let handler: ((message: In) => void) | undefined;
  const waiting: In[] = [];
  port.listen((raw) => {
    const message = parse(raw);
    if (message === undefined) dropped(raw);
    else if (handler) handler(message);
    else waiting.push(message);
  });
  return {
    post: (message, transfer) => port.post(message, transfer),
    onMessage: (h) => {
      handler = h;
      for (const m of waiting.splice(0)) h(m);
    },
  };
}

/** The host's end of the panel's webview. */
export const panelChannel = (port: Port, dropped: Dropped): Channel<PanelToHost, HostToPanel> => openChannel(port, parsePanelToHost, dropped);
/** The panel's end of the host. */
export const hostChannel = (port: Port, dropped: Dropped): Channel<HostToPanel, PanelToHost> => openChannel(port, parseHostToPanel, dropped);
/** The panel's end of its trainer worker. */
export const workerChannel = (port: Port, dropped: Dropped): Channel<WorkerToPanel, PanelToWorker> => openChannel(port, parseWorkerToPanel, dropped);
/** The trainer worker's end of the panel. */
export const workerPanelChannel = (port: Port, dropped: Dropped): Channel<PanelToWorker, WorkerToPanel> => openChannel(port, parsePanelToWorker, dropped);
/** The host's end of its trainer thread. */
export const trainerChannel = (port: Port, dropped: Dropped): Channel<TrainEvent, HostToTrainer> => openChannel(port, parseTrainEvent, dropped);
/** The trainer thread's end of the host. */
export const trainerHostChannel = (port: Port, dropped: Dropped): Channel<HostToTrainer, TrainEvent> => openChannel(port, parseHostToTrainer, dropped);

/** A short, loggable sample of something that did not parse. */
export function droppedSample(raw: unknown): string {
  try {
    return (JSON.stringify(raw) ?? String(raw)).slice(0, 200);
  } catch {
    return String(raw).slice(0, 200);
  }
}
