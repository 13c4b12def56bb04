/**
 * One file size of bench/scale.ts's editor section, in its own process so that its memory is
 * its own: the d2l-sized model of bench/editor.ts (trained on The Time Machine) reads a text of
 * CHARS characters (bench/scaleText.ts) through the providers' code paths (bench/editorPaths.ts):
 *  - open: the document's tokens (the cache's first get);
 *  - first hover, at the end of the file (it reads the whole file), then hovers at random
 *    characters with their "Looked back at" line (p50, p95);
 *  - colouring 200 lines by a unit not shown before, and a repaint;
 *  - typing: words typed at a few places, each keystroke a new version followed by a hover
 *    and a repaint of the colouring there (the versions lend each other their states);
 *  - memory: the heap and the memory outside it (typed arrays, wasm) that the document added to
 *    the process, after a full collection, and the most seen between the phases.
 * Prints one JSON line (ScaleEditorResult).
 * Usage: node --expose-gc out/bench/scaleEditor.js CHARS [--samples 100]
 */
import { parseArgs } from 'node:util';
import { FusedConnectivity } from '../src/core/analysis/connectivity/fusedConnectivity';
import { FusedStepModel } from '../src/core/engine/fused/infer/fusedStepModel';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { editorStepModel } from '../src/extension/editor/editorStepModel';
import { DocumentEntry, InferenceCache, RevisedModel } from '../src/extension/editor/inferenceCache';
import { Rng } from '../src/core/util/rng';
import { time, trainedModel } from './editor';
import { COLOURED_LINES, colourLines, fullHover, hoverHeatmap } from './editorPaths';
import { quantile } from './quantile';
import { scaledText } from './scaleText';

export interface ScaleEditorResult {
  readonly chars: number;
  readonly tokens: number;
  readonly threads: number;
  readonly open_ms: number;
  readonly first_hover_ms: number;
  readonly hover_p50_ms: number;
  readonly hover_p95_ms: number;
  readonly colour_new_unit_p95_ms: number;
  readonly colour_repaint_p95_ms: number;
  readonly typing_hover_p95_ms: number;
  readonly typing_colour_p95_ms: number;
  /** Heap + external (typed arrays and wasm memories are external) the document added, after a full collection. */
  readonly memory_mb: number;
  /** The most heap + external seen between phases (no collection forced), the model's included. */
  readonly peak_memory_mb: number;
  /** The process's peak resident set (Node itself and the model included). */
  readonly peak_rss_mb: number;
}

const MB = 2 ** 20;
/** Places typed at, and the word typed at each (a keystroke a version). */
const PLACES = 4;
const WORD = 'traveller ';

/** Heap and external memory: process.memoryUsage's `external` already holds its `arrayBuffers`. */
function hostBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { samples: { type: 'string', default: '100' } } });
  const chars = Number(positionals[0]);
  const samples = Number(values.samples);
  const checkpoint = await trainedModel();
  const model: RevisedModel = { name: 'bench', revision: 1, checkpoint };
  const stepModel = editorStepModel(checkpoint);
  const threads = stepModel instanceof FusedStepModel ? await stepModel.threadsStarted : 1;
  const cache = new InferenceCache(() => model, undefined, () => stepModel);
  const connectivity = await FusedConnectivity.create(loadFusedWasm(), checkpoint.config, checkpoint.params);
  cache.model();
  collect();
  const base = hostBytes();
  let peak = base;
  const seen = () => (peak = Math.max(peak, hostBytes()));

  const doc = { uri: 'file:///scale.txt', version: 1, text: scaledText(chars), getText(): string { return this.text; } };
  const entryOf = () => cache.get(doc) as DocumentEntry;
  const [openMs] = await time(async () => entryOf());
  seen();
  const [firstMs] = await time(() => hoverHeatmap(cache, doc, doc.text.length - 2));
  seen();
  const rng = new Rng(11);
  const hovers: number[] = [];
  while (hovers.length < samples) {
    const [ms, top] = await time(() => fullHover(cache, doc, connectivity, rng.int(0, doc.text.length - 2)));
    if (top) hovers.push(ms);
  }
  seen();
  const lines = () => entryOf().inference.tokens.lineStarts.length;
  const newUnit: number[] = [];
  const repaint: number[] = [];
  for (let i = 0; i < 5; i++) {
    const line = rng.int(0, lines() - COLOURED_LINES - 1);
    newUnit.push((await time(() => colourLines(cache, doc, line, 10 + i)))[0]);
    repaint.push((await time(() => colourLines(cache, doc, line, 10 + i)))[0]);
  }
  seen();
  // Colouring by one unit while typing, as the extension does: each keystroke repaints the lines and a hover follows.
  const typingHover: number[] = [];
  const typingColour: number[] = [];
  for (let place = 0; place < PLACES; place++) {
    const line = rng.int(0, lines() - COLOURED_LINES - 1);
    let at = entryOf().inference.tokens.lineStarts[line];
    await colourLines(cache, doc, line, 3); // shown before the first keystroke
    for (const ch of WORD) {
      doc.text = `${doc.text.slice(0, at)}${ch}${doc.text.slice(at)}`;
      doc.version++;
      at++;
      typingColour.push((await time(() => colourLines(cache, doc, line, 3)))[0]);
      typingHover.push((await time(() => fullHover(cache, doc, connectivity, at + 40)))[0]);
      seen();
    }
  }
  collect();
  const result: ScaleEditorResult = {
    chars: doc.text.length,
    tokens: entryOf().inference.length,
    threads,
    open_ms: openMs,
    first_hover_ms: firstMs,
    hover_p50_ms: quantile(hovers, 0.5),
    hover_p95_ms: quantile(hovers, 0.95),
    colour_new_unit_p95_ms: quantile(newUnit, 0.95),
    colour_repaint_p95_ms: quantile(repaint, 0.95),
    typing_hover_p95_ms: quantile(typingHover, 0.95),
    typing_colour_p95_ms: quantile(typingColour, 0.95),
    memory_mb: (hostBytes() - base) / MB,
    peak_memory_mb: peak / MB,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(result));
  cache.dispose();
}

if (require.main === module) {
  main().then(
    () => process.exit(0), // the step model's worker threads
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
