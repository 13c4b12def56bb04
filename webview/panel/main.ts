/**
 * The LSTM Lens panel. It says `ready` to the host, waits for `init` (strings and resource
 * URLs), starts the trainer worker from a Blob, relays training to and from the worker, and
 * draws the training dashboard and the backend report, and shows the gate explorer for the
 * traces the host sends. The dashboard's state survives a window reload.
 */
import type { HostToPanel, WorkerToPanel } from '../../src/protocol/messages';
import type { PanelStrings } from '../../src/protocol/strings';
import type { TrainEvent } from '../../src/protocol/training';
import { host, panelState } from './vscodeApi';
import { startWorker, type StartedWorker } from './startWorker';
import { renderBackendReport, renderError, renderProbing } from './backendView';
import { DashboardView } from './dashboardView';
import { reduceDashboard, type DashboardState } from './dashboardState';
import { ExplorerView } from './explorer/explorerView';
import { Tabs } from './tabs';
import { UnitsView } from './units/unitsView';
import { CompareView } from './compare/compareView';
import type { Comparison } from '../../src/protocol/compare';
import { PatternsView } from './patterns/patternsView';
import { errorText } from '../../src/core/util/errorText';

interface PanelState {
  readonly dashboard?: DashboardState;
  /** The span the explorer shows and its step: a trace is megabytes, so it is traced again after a reload. */
  readonly explored?: { readonly uri: string; readonly start: number; readonly end: number; readonly step: number };
  /** The last Compare Cells the host reported. */
  readonly comparison?: Comparison;
}

const app = document.getElementById('app') as HTMLElement;
const dashboardEl = app.appendChild(document.createElement('section'));
dashboardEl.id = 'dashboard';
const explorerEl = app.appendChild(document.createElement('section'));
explorerEl.id = 'explorer';
const unitsEl = app.appendChild(document.createElement('section'));
unitsEl.id = 'units';
const compareEl = app.appendChild(document.createElement('section'));
compareEl.id = 'compare';
const patternsEl = app.appendChild(document.createElement('section'));
patternsEl.id = 'patterns';
const tabs = new Tabs(app);
tabs.add('training', dashboardEl);
tabs.add('explorer', explorerEl);
tabs.add('units', unitsEl);
tabs.add('compare', compareEl);
tabs.add('patterns', patternsEl);
tabs.show('training');
const backendsEl = app.appendChild(document.createElement('section'));
backendsEl.id = 'backends';

let strings: PanelStrings | undefined;
let started: Promise<StartedWorker> | undefined;
let dashboard: DashboardState | undefined;
let view: DashboardView | undefined;
let explorer: ExplorerView | undefined;
let units: UnitsView | undefined;
let compare: CompareView | undefined;
let patterns: PatternsView | undefined;

// A run that was going when the window reloaded is gone with its worker: say so, offer Resume.
const saved = panelState.get() as PanelState | undefined;
if (saved?.dashboard) dashboard = saved.dashboard.outcome ? saved.dashboard : { ...saved.dashboard, outcome: 'interrupted' };
let explored = saved?.explored;
// A comparison still going when the window reloaded ended with the extension host: only a finished one is shown again.
let comparison = saved?.comparison?.phase === 'done' ? saved.comparison : undefined;

function saveState(): void {
  panelState.set({ dashboard, explored, comparison } satisfies PanelState);
}

/**
 * While the explorer plays: saves now, or, when the last save was under half a second ago, once
 * that half second is over (a save serialises the whole dashboard).
 */
const SAVE_EVERY_MS = 500;
let lastSave = 0;
let savePending: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
  if (savePending) return;
  const wait = lastSave + SAVE_EVERY_MS - performance.now();
  const save = () => {
    savePending = undefined;
    lastSave = performance.now();
    saveState();
  };
  if (wait <= 0) save();
  else savePending = setTimeout(save, wait);
}

document.addEventListener('securitypolicyviolation', (e) => {
  host.post({ type: 'cspViolation', directive: e.effectiveDirective, blockedUri: e.blockedURI });
});

function fail(message: string): void {
  if (strings) renderError(backendsEl, strings, message);
  host.post({ type: 'error', message });
}

function draw(): void {
  if (!strings) return;
  if (!dashboard) {
    dashboardEl.textContent = strings.noRun;
    return;
  }
  view ??= new DashboardView(dashboardEl, strings, {
    stop: (runId) => host.post({ type: 'stopTraining', runId }),
    resume: (runId, modelName) => host.post({ type: 'resumeTraining', runId, modelName }),
  });
  view.update(dashboard, Date.now());
}

let drawPending = false;
/**
 * Redraws (and saves the state) at most every 50 ms however many events arrive. A timer, not
 * requestAnimationFrame, so the state is still saved while the panel is hidden.
 */
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  setTimeout(() => {
    drawPending = false;
    saveState();
    draw();
  }, 50);
}

/** Draws a training event, from this panel's worker or from a run in the extension host. */
function showTrainEvent(ev: TrainEvent): void {
  if (ev.type === 'trainStarted') tabs.show('training');
  dashboard = reduceDashboard(dashboard, ev, Date.now());
  scheduleDraw();
}

function onTrainEvent(ev: TrainEvent): void {
  showTrainEvent(ev);
  // The host gets every event (checkpoints carry the weights it saves).
  host.post(ev);
}

function onWorkerMessage(msg: WorkerToPanel): void {
  switch (msg.type) {
    case 'backendReport':
      if (strings) renderBackendReport(backendsEl, strings, msg.report);
      host.post({ type: 'backendReport', report: msg.report });
      break;
    case 'cspViolation':
      host.post(msg);
      break;
    case 'error':
      fail(msg.message);
      break;
    case 'workerReady':
      break;
    default:
      onTrainEvent(msg);
  }
}

async function worker(): Promise<StartedWorker> {
  if (!started) throw new Error('the panel has not been initialised');
  return started;
}

async function onHostMessage(msg: HostToPanel): Promise<void> {
  switch (msg.type) {
    case 'init':
      strings = msg.strings;
      document.title = strings.title;
      tabs.label({ training: strings.tabTraining, explorer: strings.tabExplorer, units: strings.tabUnits, compare: strings.tabCompare });
      if (comparison) showComparison(comparison, false);
      else compareEl.textContent = strings.noComparison;
      tabs.label({ patterns: strings.tabPatterns });
      explorer ??= new ExplorerView(explorerEl, strings, {
        reveal: (uri, start, end) => host.post({ type: 'revealOffset', uri, start, end }),
        connectivityAt: (traceId, step) => host.post({ type: 'connectivityAt', traceId, step }),
        exploreWithModel: (modelName, uri, start, end, step) => host.post({ type: 'exploreWithModel', modelName, uri, start, end, step }),
        findPattern: (trace, _layer, selection) => {
          tabs.show('patterns');
          patterns?.select(trace, selection);
        },
        stepChanged: (step, playing) => {
          if (explored) explored = { ...explored, step };
          if (playing) saveSoon();
          else saveState();
        },
      });
      // The explorer showed a trace before the window reloaded: ask for it again.
      if (explored) host.post({ type: 'restoreTrace', ...explored });
      units ??= new UnitsView(unitsEl, strings, {
        rank: (source) => host.post({ type: 'rankUnits', source }),
        colour: (ref) => host.post({ type: 'colourByUnit', ...ref }),
      });
      patterns ??= new PatternsView(patternsEl, strings, {
        search: (query) => host.post({ type: 'searchPattern', ...query }),
        cancel: () => host.post({ type: 'cancelPatternSearch' }),
        open: (m) => host.post({ type: 'openPatternMatch', uri: m.uri, from: m.from, to: m.to }),
      });
      draw();
      renderProbing(backendsEl, strings);
      started ??= startWorker(msg.resources, msg.workerTimeoutMs, onWorkerMessage);
      try {
        const w = await started;
        w.channel.post({ type: 'probe', wasmFiles: w.wasmFiles });
      } catch (e) {
        fail(errorText(e));
      }
      break;
    case 'probeBackends': {
      const w = await worker();
      if (strings) renderProbing(backendsEl, strings);
      w.channel.post({ type: 'probe', wasmFiles: w.wasmFiles });
      break;
    }
    case 'train':
      try {
        const w = await worker();
        w.channel.post({ type: 'train', request: msg.request, wasmFiles: w.wasmFiles });
      } catch (e) {
        // No worker here: the host trains in a thread of its own and sends the events back.
        host.post({ type: 'workerUnavailable', runId: msg.request.runId, reason: errorText(e) });
      }
      break;
    case 'trainEvent':
      showTrainEvent(msg.event);
      break;
    case 'showComparison':
      comparison = msg.comparison;
      showComparison(comparison);
      saveState();
      break;
    case 'showUnits':
      tabs.show('units');
      units?.show(msg.ranking);
      break;
    case 'unitsStatus':
      tabs.show('units');
      units?.showStatus(msg.message, msg.busy);
      break;
    case 'showPatternMatches':
      tabs.show('patterns');
      patterns?.show(msg.result);
      break;
    case 'patternsStatus':
      patterns?.showStatus(msg.message, msg.busy);
      break;
    case 'stopTraining': {
      const w = await worker().catch(() => undefined);
      w?.channel.post({ type: 'stopTraining', runId: msg.runId });
      break;
    }
    case 'showTrace':
      tabs.show('explorer');
      explored = { uri: msg.trace.uri, start: msg.trace.starts[0] ?? 0, end: msg.trace.ends[msg.trace.ends.length - 1] ?? 0, step: msg.step };
      explorer?.show(msg.trace, msg.step, msg.readings);
      saveState();
      break;
    case 'explorerModels':
      explorer?.setModels(msg.traceId, msg.names, msg.current);
      break;
    case 'showConnectivity':
      explorer?.showConnectivity(msg.traceId, msg.step, msg.byDistance);
      break;
    case 'showMemoryCurve':
      explorer?.showMemoryCurve(msg.traceId, msg.mean, msg.positions);
      break;
    case 'connectivityUnavailable':
      explorer?.connectivityUnavailable(msg.traceId, msg.reason);
      break;
    case 'setReadings':
      explorer?.setReadingThresholds(msg.readings);
      break;
    case 'setStep':
      if (explorer?.shows(msg.traceId)) explorer.setStep(msg.step);
      break;
  }
}

/** Draws Compare Cells as the host reports it; the view comes to the front (`front`) once the runs are over. */
function showComparison(c: Comparison, front = true): void {
  if (!strings) return;
  compare ??= new CompareView(compareEl, strings, { stop: (runId) => host.post({ type: 'stopTraining', runId }) });
  compare.update(c);
  if (front && c.phase !== 'training') tabs.show('compare');
}

host.onMessage((msg) => void onHostMessage(msg));

host.post({ type: 'ready' });
