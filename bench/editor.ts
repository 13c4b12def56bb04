/**
 * Editor latency, on the code paths the providers run (src/extension/editor, less the
 * vscode objects they wrap the results in), for a d2l-sized model (LSTM, hidden 256, d2l
 * tokenizer) trained on The Time Machine (the CLI's train command, d2l preset, TRAINED_EPOCHS
 * epochs, kept in out/bench-model and reused), over the first 20,000 characters of it. A trained
 * model, not random weights: how far an edit's effect carries depends on what it learned.
 *  - hover: the token under the mouse, its step from the document's checkpoints, the gate
 *    heatmap as a data URI; p95 over random characters after the first hover (target 50 ms);
 *  - ghost text: a keystroke makes a new document version (re-tokenized, checkpoints before the
 *    edit kept), then 40 characters are generated at the cursor; p95 while typing (target
 *    100 ms), and apart, the first keystroke at a new place (it may have text to re-read);
 *  - colouring 200 visible lines by one unit: the unit's values over the lines and the
 *    spans per colour bucket (target 100 ms): a unit not shown before on a document already
 *    read (its checkpoints all there); after a keystroke on the first of the lines (read on
 *    from the edit until the state meets the earlier version's, whose values are then
 *    taken over: StateDonor); a repaint; a scroll of 100 lines once the values around the
 *    painted lines were read in the background (unitPrefetch).
 * Usage: node out/bench/editor.js [threads=the cores, up to 4]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Checkpoint } from '../src/core/io/checkpoint';
import { readCheckpointDir } from '../src/core/io/checkpointFiles';
import { trainCommand } from '../src/cli/trainCommand';
import { Rng } from '../src/core/util/rng';
import { BackgroundReader } from '../src/extension/editor/backgroundReader';
import { continueAt } from '../src/extension/editor/continuation';
import { prefetchUnitValues } from '../src/extension/editor/unitPrefetch';
import { DocumentEntry, InferenceCache, RevisedModel } from '../src/extension/editor/inferenceCache';
import { editorStepModel } from '../src/extension/editor/editorStepModel';
import { FusedStepModel } from '../src/core/engine/fused/infer/fusedStepModel';
import { NOT_CANCELLED } from '../src/core/infer/document/timeSlice';
import { quantile } from './quantile';
import { FusedConnectivity } from '../src/core/analysis/connectivity/fusedConnectivity';
import { loadFusedWasm } from '../src/core/engine/fused/kernels/nodeLoader';
import { colourLines, colouredRange, fullHover, hoverHeatmap } from './editorPaths';

const CHARS = 20_000;
const SAMPLES = 100;
/** d2l's train_ch8 runs 500 epochs; 10 are enough for gates that do what a trained model's do (perplexity ≈ 9). */
const TRAINED_EPOCHS = 10;
const MODEL_DIR = path.resolve(__dirname, '..', 'bench-model');

/** The d2l-preset model trained on the sample corpus, trained here the first time. */
export async function trainedModel(): Promise<Checkpoint> {
  if (!fs.existsSync(path.join(MODEL_DIR, 'manifest.json'))) {
    console.log(`training the d2l preset on the sample corpus for ${TRAINED_EPOCHS} epochs (once; kept in ${MODEL_DIR})`);
    await trainCommand(['--corpus', 'sample', '--out', MODEL_DIR, '--epochs', String(TRAINED_EPOCHS)]);
  }
  return readCheckpointDir(MODEL_DIR);
}

/** How long `f` takes, and what it gives. */
export async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

function report(name: string, ms: number[], target: number): void {
  const p95 = quantile(ms, 0.95);
  console.log(`${name.padEnd(34)} p50 ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   target ${target} ms  ${p95 <= target ? 'ok' : 'OVER'}`);
}

async function main(): Promise<void> {
  const text = fs.readFileSync(path.resolve(__dirname, '..', '..', 'media', 'samples', 'timemachine.txt'), 'utf8').slice(0, CHARS);
  const checkpoint = await trainedModel();
  const model: RevisedModel = { name: 'bench', revision: 1, checkpoint };
  const { config } = checkpoint;
  const threads = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const stepModel = editorStepModel(model.checkpoint, (reason) => console.log(`fallback: ${reason}`), threads);
  if (stepModel instanceof FusedStepModel) console.log(`fused kernels, reads of many segments split over ${await stepModel.threadsStarted} thread(s)`);
  const cache = new InferenceCache(() => model, undefined, () => stepModel);
  const doc = { uri: 'file:///bench.txt', version: 1, text, getText(): string { return this.text; } };
  const rng = new Rng(7);
  const trained = checkpoint.metrics.at(-1);
  console.log(`LSTM hidden ${config.hiddenSize}, trained ${trained ? `${trained.epoch} epochs to perplexity ${trained.perplexity.toFixed(2)}` : ''}, d2l tokenizer, ${text.length} characters, ${cache.get(doc)?.inference.length} tokens, ${SAMPLES} samples each`);

  const [first] = await time(() => hoverHeatmap(cache, doc, text.length - 2));
  console.log(`${'first hover (reads the whole file)'.padEnd(34)} ${first.toFixed(0)} ms`);
  const hovers: number[] = [];
  while (hovers.length < SAMPLES) {
    const [ms, uri] = await time(() => hoverHeatmap(cache, doc, rng.int(0, text.length - 1)));
    if (uri) hovers.push(ms);
  }
  report('hover, 20,000-character file', hovers, 50);
  // The whole hover as it shows now: its "Looked back at" line too (connectivity 200 back: a
  // forward over the 201 characters from the document's state there, one backward pass).
  const connectivity = await FusedConnectivity.create(loadFusedWasm(), config, checkpoint.params);
  const fullHovers: number[] = [];
  while (fullHovers.length < SAMPLES) {
    const offset = rng.int(0, text.length - 2);
    const [ms, top] = await time(() => fullHover(cache, doc, connectivity, offset));
    if (top) fullHovers.push(ms);
  }
  report('hover with its looked-back line', fullHovers, 50);

  // The inline completion provider's path: a word typed at each of a few places, one
  // keystroke (one new document version) at a time. The first keystroke at a place after an
  // earlier edit re-reads the text between the two; the others find their state checkpointed.
  // Then the same with a pause after each word, in which the extension's BackgroundReader reads
  // the document on from the edit (as it does once a shown document is still for IDLE_MS).
  const firstAtPlace: number[] = [];
  const firstAfterPause: number[] = [];
  const typing: number[] = [];
  const reader = new BackgroundReader();
  for (const pause of [false, true]) {
    for (let place = 0; place < SAMPLES / 10; place++) {
      let at = rng.int(0, doc.text.length);
      for (const ch of 'traveller ') {
        doc.text = `${doc.text.slice(0, at)}${ch}${doc.text.slice(at)}`;
        doc.version++;
        at++;
        const [ms, out] = await time(async () => continueAt(cache.get(doc) as DocumentEntry, at, { length: 40, temperature: 0, stopAtLineEnd: true, seed: at }, NOT_CANCELLED));
        if (out === undefined) throw new Error('the continuation was cancelled');
        (ch !== 't' ? typing : pause ? firstAfterPause : firstAtPlace).push(ms);
      }
      if (pause) await reader.schedule('bench', () => cache.get(doc));
    }
  }
  report('ghost text, 40 chars, typing', typing, 100);
  report('ghost text, first key at a place', firstAtPlace, 100);
  report('… after a pause (read on meanwhile)', firstAfterPause, 100);

  const colour = (line: number, unit: number) => colourLines(cache, doc, line, unit);
  const lines = cache.get(doc)?.inference.tokens.lineStarts.length ?? 0;
  // A unit not shown before, on a document already read (every checkpoint there): the
  // intervals between checkpoints are read side by side.
  const entry = cache.get(doc) as DocumentEntry;
  await entry.inference.stateBefore(entry.inference.length, NOT_CANCELLED);
  const newUnit: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const line = rng.int(0, lines - 201);
    newUnit.push((await time(() => colour(line, 10 + i)))[0]);
    for (let j = 0; j < 4; j++) warm.push((await time(() => colour(line, 10 + i)))[0]);
  }
  // A keystroke on the first of the 200 lines: read on from the checkpoint before the edit
  // until the state meets the earlier version's, whose values are taken over from there.
  const afterEdit: number[] = [];
  for (let i = 0; i < 5; i++) {
    const line = rng.int(0, lines - 201);
    await colour(line, 3);
    const at = (cache.get(doc) as DocumentEntry).inference.tokens.lineStarts.at(line);
    doc.text = `${doc.text.slice(0, at)}x${doc.text.slice(at)}`;
    doc.version++;
    afterEdit.push((await time(() => colour(line, 3)))[0]);
  }
  // A scroll of 100 lines, after the values around the painted lines were read in the background.
  const scrolled: number[] = [];
  for (let i = 0; i < 5; i++) {
    const line = rng.int(0, lines - 301);
    await colour(line, 20 + i);
    const { from, to } = colouredRange(cache, doc, line);
    await prefetchUnitValues((cache.get(doc) as DocumentEntry).inference, { layer: 0, kind: 'H', unit: 20 + i }, from, to, NOT_CANCELLED);
    scrolled.push((await time(() => colour(line + 100, 20 + i)))[0]);
  }
  report('colour 200 lines, a new unit', newUnit, 100);
  report('colour 200 lines after a key there', afterEdit, 100);
  report('colour 200 lines, repaint', warm, 100);
  report('colour 200 lines, scrolled 100', scrolled, 100);
}

if (require.main === module) void main();
