/**
 * LSTM Lens: Explore Selection. Traces the current model over the selection (with none, the
 * cursor's line or the visible range; from a hover's "Explore from here", the text around the
 * hovered character), the state warmed up on the text before it, and opens the panel's gate
 * explorer at the first (or hovered) step. Without a model it says so and offers Train / Load.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { loadFusedWasm } from '../../core/engine/fused/kernels/nodeLoader';
import { requireEditor, requireModel } from '../editor/editorServices';
import type { ExploreFrom } from '../editor/explore';
import type { Cancellation } from '../../core/infer/document/timeSlice';
import { output } from '../output';
import { numberSetting } from '../settings';
import { engineChoice } from '../config';
import { createNodeWebGpuTracer } from '../../core/engine/nodeWebGpu';
import { exploreSpan, stepAtOffset, type OffsetRange } from './exploreSpan';
import { ExplorerSession } from './explorerSession';
import { SpanTracer } from './spanTracer';
import { stepsIn, traceSpan } from './traceSpan';

/** What the command resolves with (the tests read it): the traced span and its shape. */
export interface ExploreResult {
  readonly traceId: string;
  readonly uri: string;
  /** Document offsets of the span, and of its steps' first token. */
  readonly span: OffsetRange;
  readonly firstToken: number;
  readonly steps: number;
  readonly units: number;
  readonly layers: number;
  /** The step the explorer opened at. */
  readonly step: number;
  readonly engine: string;
  readonly traceMs: number;
}

/** The most characters one exploration traces (setting lstmLens.explorer.maxChars, held to the manifest's bounds). */
function maxChars(): number {
  return numberSetting('explorer.maxChars');
}

function parseExploreFrom(arg: unknown): ExploreFrom | undefined {
  const a = arg as Partial<ExploreFrom> | undefined;
  if (typeof a?.uri !== 'string' || !Number.isInteger(a.offset)) return undefined;
  const offset = a.offset as number;
  const end = Number.isInteger(a.end) && (a.end as number) > offset ? (a.end as number) : undefined;
  const step = Number.isInteger(a.step) && (a.step as number) >= 0 ? (a.step as number) : undefined;
  return { uri: a.uri, offset, end, step, restore: a.restore === true };
}

async function editorAt(from: ExploreFrom): Promise<vscode.TextEditor> {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === from.uri);
  if (shown) return shown;
  // A restore after a window reload leaves the focus where the reload put it.
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.parse(from.uri)), { preserveFocus: from.restore === true });
}

/** Cancelled when `token` is, or once `stale()` says so. */
function cancelledWhen(token: Cancellation, stale: () => boolean): Cancellation {
  return {
    get isCancellationRequested() {
      return token.isCancellationRequested || stale();
    },
  };
}

function offsets(doc: vscode.TextDocument, r: vscode.Range): OffsetRange {
  return { start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) };
}

/**
 * lstmLens.exploreSelection [ExploreFrom]: resolves with what it showed, or undefined. Requests
 * can overlap (a restore after a window reload still warming up when the user explores, a
 * second Explore Selection while a long span traces): the newest one wins, and an older one
 * that is still tracing stops and shows nothing, so it cannot replace the newer trace.
 */
export function exploreSelectionCommand(ctx: Ctx) {
  const services = ctx.editor;
  const tracer = new SpanTracer(loadFusedWasm, (reason) => output().warn(`Gate explorer: ${reason}`), { backend: engineChoice, open: createNodeWebGpuTracer });
  ctx.extension.subscriptions.push(tracer);
  const session = new ExplorerSession(ctx.panels, services.connectivity, ctx.store);
  ctx.extension.subscriptions.push(session);
  let traces = 0;
  /** Counts the requests that began to trace: only the newest may show its trace. */
  let tracing = 0;
  return async (arg?: unknown): Promise<ExploreResult | undefined> => {
    const from = parseExploreFrom(arg);
    // A restore after a reload says nothing when the model did not come back with the window.
    if (from?.restore && !(ctx.store.current() ?? (await ctx.store.restore()))) return undefined;
    const editor = from ? await editorAt(from) : requireEditor();
    const handle = editor && requireModel(services);
    const loaded = ctx.store.current();
    if (!editor || !handle || !loaded) return undefined;
    const { document: doc, selection } = editor;
    const cursor = from ? doc.positionAt(from.offset) : selection.active;
    const selected = from?.end !== undefined ? { start: from.offset, end: Math.min(from.end, doc.getText().length) } : offsets(doc, selection);
    const span = exploreSpan({
      selection: selected,
      line: offsets(doc, doc.lineAt(cursor.line).range),
      visible: offsets(doc, editor.visibleRanges[0] ?? doc.lineAt(cursor.line).range),
      hoverOffset: from?.end === undefined ? from?.offset : undefined,
      maxChars: maxChars(),
    });
    const entry = services.cache.get(doc);
    if (!entry) return undefined;
    if (!from && span.end - span.start < selected.end - selected.start) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('LSTM Lens: the explorer traces {0} of the {1} selected characters, from near the start of the selection (setting lstmLens.explorer.maxChars).', span.end - span.start, selected.end - selected.start),
      );
    }
    const steps = stepsIn(entry, span);
    if (steps.end <= steps.start) {
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: nothing to explore: the text has no characters this model reads.'));
      return undefined;
    }
    const request = ++tracing;
    const superseded = () => request !== tracing;
    const engine = await tracer.engineFor(loaded.checkpoint, loaded.revision);
    if (superseded()) return undefined;
    const id = `trace-${++traces}`;
    const trace = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('LSTM Lens: tracing {0} characters…', steps.end - steps.start) },
      (_progress, cancel) => traceSpan(entry, span, engine, id, cancelledWhen(cancel, superseded)),
    );
    if (!trace || superseded()) return undefined;
    const step = Math.min(trace.tokens.length - 1, from?.step ?? Math.max(0, stepAtOffset(trace.starts, span.focus)));
    session.show(trace, step, { entry, firstToken: steps.start, steps: trace.tokens.length }, from?.restore === true);
    return {
      traceId: id,
      uri: trace.uri,
      span,
      firstToken: steps.start,
      steps: trace.tokens.length,
      units: trace.hiddenSize,
      layers: trace.numLayers,
      step,
      engine: trace.engine,
      traceMs: trace.traceMs,
    };
  };
}
