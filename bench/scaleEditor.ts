/**
 * One file size of bench/scale.ts's editor section, in its own process so that its memory is
 * its own: the d2l-sized model of bench/editor.ts (trained on The Time Machine) reads a text of
 * CHARS characters (bench/scaleText.ts) through the providers' code paths (bench/editorPaths.ts):
 *  - open: the document's tokens (the cache's first get);
 *  - first hover, at the end of the file (it reads the whole file), then hovers at random
 *    characters with their "Looked back at" line (p50, p95), and hovers on one screen (random
 *    characters of 50 lines after a first hover there and the provider's read around it,
 *    hoverPrefetch: where a reader's mouse goes);
 *  - colouring 200 lines by a unit not shown before (the one shown before dropped, as the
 *    colour command does), and a repaint;
 *  - typing: words typed at a few places, each keystroke a new version followed by a hover
 *    and a repaint of the colouring there (the versions lend each other their states);
 *  - memory: the heap and the memory outside it (typed arrays, wasm) that the document added to
 *    the process, after a full collection, and the most seen between the phases.
 * Prints one JSON line (ScaleEditorResult). editorSection runs it for each size and prints the
 * section's tables (bench/scale.ts).
 * Usage: node --expose-gc out/bench/scaleEditor.js CHARS [--samples 100]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FusedConnectivity } from '../src/core/analysis/connectivity/fusedConnectivity';
import { FusedStepModel } from '../src/core/engine/fused/infer/fusedStepModel';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { editorStepModel } from '../src/extension/editor/editorStepModel';
import { prefetchAroundHover } from '../src/extension/editor/hoverPrefetch';
import { NOT_CANCELLED } from '../src/core/infer/document/timeSlice';
import { tokenAt } from '../src/core/text/documentTokens';
import { DocumentEntry, InferenceCache, RevisedModel } from '../src/extension/editor/inferenceCache';
import { Rng } from '../src/core/util/rng';
import { time, trainedModel } from './editor';
import { COLOURED_LINES, colourLines, fullHover, hoverHeatmap } from './editorPaths';
import { quantile } from './quantile';
import { scaledText } from './scaleText';
import { overWork, printTable, times, verdict } from './scaleTable';
import { fmt } from './train';

export interface ScaleEditorResult {
  readonly chars: number;
  readonly tokens: number;
  readonly threads: number;
  readonly open_ms: number;
  readonly first_hover_ms: number;
  readonly hover_p50_ms: number;
  readonly hover_p95_ms: number;
  readonly screen_hover_p50_ms: number;
  readonly screen_hover_p95_ms: number;
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
/** Lines of one screen, and hovers on each screen after its first. */
const SCREEN_LINES = 50;
const SCREEN_HOVERS = 5;

/** Heap and external memory: process.memoryUsage's `external` already holds its `arrayBuffers`. */
function hostBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * The process's peak resident set: Linux's VmHWM, which starts afresh with the process's own
 * memory (getrusage's maxrss keeps the parent's across fork and exec), else maxrss.
 */
function peakRssMb(): number {
  const hwm = existsSync('/proc/self/status') ? /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8')) : null;
  return (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
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
  const screenHovers: number[] = [];
  while (screenHovers.length < samples) {
    const { lineStarts } = entryOf().inference.tokens;
    const line = rng.int(0, lines() - SCREEN_LINES - 1);
    const [from, to] = [lineStarts.at(line), lineStarts.at(line + SCREEN_LINES)];
    const first = rng.int(from, to);
    await fullHover(cache, doc, connectivity, first); // the screen's first, then the provider's read around it
    await prefetchAroundHover(entryOf().inference, tokenAt(entryOf().inference.tokens, first), NOT_CANCELLED);
    for (let i = 0; i < SCREEN_HOVERS; i++) {
      const [ms, top] = await time(() => fullHover(cache, doc, connectivity, rng.int(from, to)));
      if (top) screenHovers.push(ms);
    }
  }
  seen();
  const newUnit: number[] = [];
  const repaint: number[] = [];
  for (let i = 0; i < 5; i++) {
    const line = rng.int(0, lines() - COLOURED_LINES - 1);
    if (i > 0) entryOf().inference.dropUnitValues({ layer: 0, kind: 'H', unit: 10 + i - 1 });
    newUnit.push((await time(() => colourLines(cache, doc, line, 10 + i)))[0]);
    repaint.push((await time(() => colourLines(cache, doc, line, 10 + i)))[0]);
  }
  seen();
  // Colouring by one unit while typing, as the extension does: each keystroke repaints the lines and a hover follows.
  entryOf().inference.dropUnitValues({ layer: 0, kind: 'H', unit: 14 });
  const typingHover: number[] = [];
  const typingColour: number[] = [];
  for (let place = 0; place < PLACES; place++) {
    const line = rng.int(0, lines() - COLOURED_LINES - 1);
    let at = entryOf().inference.tokens.lineStarts.at(line);
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
    screen_hover_p50_ms: quantile(screenHovers, 0.5),
    screen_hover_p95_ms: quantile(screenHovers, 0.95),
    colour_new_unit_p95_ms: quantile(newUnit, 0.95),
    colour_repaint_p95_ms: quantile(repaint, 0.95),
    typing_hover_p95_ms: quantile(typingHover, 0.95),
    typing_colour_p95_ms: quantile(typingColour, 0.95),
    memory_mb: (hostBytes() - base) / MB,
    peak_memory_mb: peak / MB,
    peak_rss_mb: peakRssMb(),
  };
  console.log(JSON.stringify(result));
  cache.dispose();
}

/** The targets on a 2M-character file (issue #13). */
const HOVER_TARGET_MS = 50;
const MEMORY_TARGET_MB = 300;

/** Runs one size in its own process. */
function runSize(chars: number, samples: number): ScaleEditorResult {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, String(chars), '--samples', String(samples)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`the editor at ${chars} characters failed: ${(r.stderr || r.stdout).trim().slice(-500)}`);
  return JSON.parse(line) as ScaleEditorResult;
}

/** The editor section: each size in its own process, its table and its growth; returns the rows. */
export function editorSection(sizes: readonly number[], samples: number): ScaleEditorResult[] {
  const rows = sizes.map((chars) => runSize(chars, samples));
  const ms = (x: number) => fmt(x, x < 100 ? 1 : 0);
  printTable(
    `Editor (d2l-sized model, LSTM 256, d2l tokenizer; the providers' code paths on ${rows[0]?.threads ?? 1} thread(s)): hover with its "Looked back at" line; colouring 200 lines; typing with the colouring shown; memory the document added (heap + external, after a full collection)`,
    ['file', 'tokens', 'open ms', 'first hover ms', 'hover p50', 'hover p95', 'screen p50', 'screen p95', 'colour new unit p95', 'repaint p95', 'typing: hover p95', 'typing: colour p95', 'memory MB', 'B / char', 'peak heap+ext MB', 'peak RSS MB'],
    rows.map((r) => [`${fmt(r.chars / 1000)} k chars`, fmt(r.tokens), ms(r.open_ms), ms(r.first_hover_ms), ms(r.hover_p50_ms), ms(r.hover_p95_ms), ms(r.screen_hover_p50_ms), ms(r.screen_hover_p95_ms), ms(r.colour_new_unit_p95_ms), ms(r.colour_repaint_p95_ms), ms(r.typing_hover_p95_ms), ms(r.typing_colour_p95_ms), fmt(r.memory_mb, 1), fmt((r.memory_mb * 2 ** 20) / r.chars, 1), fmt(r.peak_memory_mb), fmt(r.peak_rss_mb)]),
  );
  // A hover, a repaint, a keystroke are the same work in any file: their cost should not grow. Reading the file and its memory grow with it.
  const growth = rows.slice(1).flatMap((r) => {
    const before = rows[0];
    const chars = { from: before.chars, to: r.chars };
    const same = { from: 1, to: 1 };
    return (
      [
        ['open', overWork({ from: before.open_ms, to: r.open_ms }, chars)],
        ['first hover (reads the file)', overWork({ from: before.first_hover_ms, to: r.first_hover_ms }, chars)],
        ['hover p95 (the same work)', overWork({ from: before.hover_p95_ms, to: r.hover_p95_ms }, same)],
        ['hover on a screen p95 (the same work)', overWork({ from: before.screen_hover_p95_ms, to: r.screen_hover_p95_ms }, same)],
        ['colour 200 lines, new unit p95 (the same work)', overWork({ from: before.colour_new_unit_p95_ms, to: r.colour_new_unit_p95_ms }, same)],
        ['typing: hover p95 (the same work)', overWork({ from: before.typing_hover_p95_ms, to: r.typing_hover_p95_ms }, same)],
        ['typing: colour p95 (the same work)', overWork({ from: before.typing_colour_p95_ms, to: r.typing_colour_p95_ms }, same)],
        ['memory', overWork({ from: before.memory_mb, to: r.memory_mb }, chars)],
      ] as const
    ).map(([what, ratio]) => [`${fmt(before.chars / 1000)} k → ${fmt(r.chars / 1000)} k: ${what}`, times(ratio), verdict(ratio)]);
  });
  printTable('Editor growth from the smallest file: each cost × over its work × (the characters for reading and memory; 1 for a hover, a repaint, a keystroke)', ['cost', '/work', ''], growth);
  const big = rows.find((r) => r.chars >= 1_900_000);
  if (big) {
    console.log(`targets on ${fmt(big.chars)} characters: hover p95 ${ms(big.hover_p95_ms)} ms (on a screen ${ms(big.screen_hover_p95_ms)} ms), target ≤ ${HOVER_TARGET_MS} ms ${big.hover_p95_ms <= HOVER_TARGET_MS ? 'ok' : 'OVER'};`
      + ` heap + external ${fmt(big.peak_memory_mb)} MB at most (the model's included), target ≤ ${MEMORY_TARGET_MB} MB ${big.peak_memory_mb <= MEMORY_TARGET_MB ? 'ok' : 'OVER'}`);
  }
  return rows;
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
