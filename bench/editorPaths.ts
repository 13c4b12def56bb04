/**
 * The editor providers' code paths, less the vscode objects they wrap the results in, for the
 * benchmarks that time them (bench/editor.ts, bench/scaleEditor.ts): the hover (its heatmap and
 * its "Looked back at" line) and the colouring of 200 visible lines by one unit.
 */
import type { FusedConnectivity } from '../src/core/analysis/connectivity/fusedConnectivity';
import { topLookedBack } from '../src/core/analysis/connectivity/topLookedBack';
import { NOT_CANCELLED } from '../src/core/infer/document/timeSlice';
import { TRACE_GATES } from '../src/core/infer/stepper';
import { tokenAt } from '../src/core/text/documentTokens';
import { bucketSpans, colouredTokens } from '../src/extension/editor/colourBuckets';
import { connectivityAt } from '../src/extension/editor/documentConnectivity';
import { gateHeatmapSvg, svgDataUri } from '../src/extension/editor/gateHeatmap';
import type { DocumentEntry, InferenceCache, VersionedText } from '../src/extension/editor/inferenceCache';

/** Lines the colouring paints at a time (a screenful and more). */
export const COLOURED_LINES = 200;

/** The hover provider's path: the token under the mouse, its step from the checkpoints, the heatmap as a data URI. */
export async function hoverHeatmap(cache: InferenceCache, doc: VersionedText, offset: number): Promise<string | undefined> {
  const entry = cache.get(doc) as DocumentEntry;
  const t = tokenAt(entry.inference.tokens, offset);
  if (t < 0) return undefined;
  const step = await entry.inference.stepAt(t, NOT_CANCELLED);
  return step && svgDataUri(gateHeatmapSvg(step.layers, TRACE_GATES[entry.handle.model.config.cell]));
}

/**
 * The whole hover as it shows now: the heatmap and its "Looked back at" line (connectivity 200
 * back: a forward over the 201 characters from the document's state there, one backward pass).
 */
export async function fullHover(cache: InferenceCache, doc: VersionedText, connectivity: FusedConnectivity, offset: number): Promise<ReturnType<typeof topLookedBack> | undefined> {
  if (!(await hoverHeatmap(cache, doc, offset))) return undefined;
  const entry = cache.get(doc) as DocumentEntry;
  const c = await connectivityAt(entry, connectivity, tokenAt(entry.inference.tokens, offset), NOT_CANCELLED);
  return c && topLookedBack(c, entry.inference.tokens.ids, 3);
}

/** The tokens whose values colour lines [line, line + COLOURED_LINES) (the provider's range for those visible lines). */
export function colouredRange(cache: InferenceCache, doc: VersionedText, line: number): { from: number; to: number } {
  return colouredTokens((cache.get(doc) as DocumentEntry).inference.tokens, line, line + COLOURED_LINES - 1);
}

/** The colouring's path for lines [line, line + COLOURED_LINES) by H unit `unit` of layer 0: its values there and the spans per bucket. */
export async function colourLines(cache: InferenceCache, doc: VersionedText, line: number, unit: number): Promise<number | undefined> {
  const entry = cache.get(doc) as DocumentEntry;
  const { from, to } = colouredRange(cache, doc, line);
  const values = await entry.inference.unitValues({ layer: 0, kind: 'H', unit }, from, to, NOT_CANCELLED, true); // on screen, as the paint asks
  return values && bucketSpans(entry.inference.tokens, values, from, to).reduce((n, b) => n + b.length, 0);
}
