/**
 * Reads a corpus's hidden states into a CorpusStates with the fused engine's forward
 * (FusedForward): each document from the zero state (d2l's begin_state), in chunks whose state
 * carries into the next, so the values are those of one forward over the whole document. Up to
 * LANES documents are read side by side (one [B × h]·[h × G·h] product per step for all of
 * them, the engine's batched read); between chunks the read reports its progress, yields (a
 * worker stays responsive to a cancel) and checks its AbortSignal.
 *
 * The read is capped in steps: `maxChars` (default 2,000,000, what a query answers within a
 * second) and a memory budget, `maxBytes` (default 512 MiB) over hidden size, whichever is
 * lower; both because a webview worker has one heap for everything and the columns are one byte
 * a unit a step: at hidden 256 the budget allows 2,097,152 steps, so the step cap rules, while
 * a hidden-1024 model is held to 524,288 steps (the token offsets add 8 bytes a step). The documents are taken in order until the cap;
 * the one that crosses it is cut short and the rest are left out, and the result says so.
 */
import type { FusedForward } from '../../engine/fused/infer/fusedForward';
import { tracedColumns } from '../../engine/fused/memory/tracedValues';
import { InferState, zeroInferState } from '../../infer/inferState';
import { textTokens } from '../../text/documentTokens';
import type { Tokenizer } from '../../text/tokenizer';
import type { Vocab } from '../../text/vocab';
import { yieldToEvents } from '../../util/yieldToEvents';
import { CorpusStates, type StoredDocument } from './corpusStates';
import { writeLevels } from './stateLevels';

/** A text to search: a document's name or URI (given back with its matches) and its text. */
export interface CorpusDocument {
  readonly name: string;
  readonly text: string;
}

/** How the model reads text. */
export interface TextEncoding {
  readonly tokenizer: Tokenizer;
  readonly vocab: Vocab;
}

export interface ReadProgress {
  /** Share of the steps to read that are read, 0..1. */
  readonly fraction: number;
  /** Steps (characters the model read) so far. */
  readonly chars: number;
}

export interface ReadOptions {
  /** Steps to read at most (default DEFAULT_MAX_CHARS). */
  readonly maxChars?: number;
  /** Bytes the columns may take at most (default DEFAULT_MAX_BYTES): hidden size bytes a step. */
  readonly maxBytes?: number;
  /** Told after every chunk. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Checked between chunks: once aborted, the read ends with what it has (`cancelled`). */
  readonly signal?: AbortSignal;
  /** Steps a chunk reads per document (default CHUNK_STEPS; small ones in tests cross many chunk borders). */
  readonly chunkSteps?: number;
}

/** What a read gives: the store and how it ended. */
export interface CorpusRead {
  /** The states read: all of them, or, when capped or cancelled, those read until then (searchable). */
  readonly states: CorpusStates;
  /** The step cap it ran under: min(maxChars, ⌊maxBytes / hidden size⌋). */
  readonly limit: number;
  /** True when the corpus had text past the cap (a document cut short, or documents left out). */
  readonly capped: boolean;
  /** Documents not read at all because of the cap. */
  readonly documentsLeftOut: number;
  /** True when the signal stopped the read before its end. */
  readonly cancelled: boolean;
}

export const DEFAULT_MAX_CHARS = 2_000_000;
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Documents read side by side: enough rows for the batched product to run near its best. */
const LANES = 16;
/**
 * Steps per chunk and document: LANES × CHUNK_STEPS rows of the engine's planned activations
 * (every gate, H and C) take about 25 MB at hidden 256, and a chunk takes well under a second.
 */
const CHUNK_STEPS = 256;

/** A document tokenized for reading: its ids, up to the cap. */
interface PlannedDocument {
  readonly name: string;
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly first: number;
}

/** A document being read: how far, and the state after that. */
interface Lane {
  readonly doc: number;
  read: number;
  readonly state: InferState;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`The pattern search's ${name} must be a positive whole number, got ${String(value)}`);
}

/** Reads `documents` (see the file's comment); throws, naming the problem, on bad options or a corpus with nothing the model reads. */
export async function readCorpusStates(forward: FusedForward, encoding: TextEncoding, documents: readonly CorpusDocument[], options: ReadOptions = {}): Promise<CorpusRead> {
  const { maxChars = DEFAULT_MAX_CHARS, maxBytes = DEFAULT_MAX_BYTES, chunkSteps = CHUNK_STEPS, onProgress, signal } = options;
  checkCount('maxChars', maxChars);
  checkCount('maxBytes', maxBytes);
  checkCount('chunkSteps', chunkSteps);
  const { hiddenSize: h } = forward.config;
  const limit = Math.min(maxChars, Math.floor(maxBytes / h));
  if (limit < 1) throw new Error(`The pattern search's memory budget of ${maxBytes} bytes holds no step of a model with ${h} hidden units`);
  const { planned, capped } = planDocuments(encoding, documents, limit);
  const total = planned.reduce((n, d) => n + d.ids.length, 0);
  if (total === 0) throw new Error('The corpus has no text the model reads: there is nothing to search');
  const columns = Array.from({ length: h }, () => new Uint8ClampedArray(total));
  const lanes = planned.map((_, doc): Lane => ({ doc, read: 0, state: zeroInferState(forward.config) }));
  let done = 0;
  let cancelled = false;
  for (let next = 0, active: Lane[] = []; next < lanes.length || active.length > 0; ) {
    while (active.length < LANES && next < lanes.length) active.push(lanes[next++]);
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    done += readChunk(forward, planned, active, columns, chunkSteps);
    active = active.filter((l) => l.read < planned[l.doc].ids.length);
    onProgress?.({ fraction: done / total, chars: done });
    await yieldToEvents();
  }
  const stored = planned.map((d, i): StoredDocument => ({ name: d.name, first: d.first, steps: lanes[i].read, starts: d.starts, ends: d.ends }));
  return { states: new CorpusStates(columns, stored), limit, capped, documentsLeftOut: documents.length - planned.length, cancelled };
}

/** The documents' tokens in column order until `limit` steps, the one that crosses it cut short. */
function planDocuments(encoding: TextEncoding, documents: readonly CorpusDocument[], limit: number): { planned: PlannedDocument[]; capped: boolean } {
  const planned: PlannedDocument[] = [];
  let first = 0;
  for (const [i, { name, text }] of documents.entries()) {
    if (first === limit) return { planned, capped: documents.slice(i).some((d) => d.text.length > 0) };
    const { ids, starts, ends } = textTokens(text, encoding.tokenizer, encoding.vocab);
    const steps = Math.min(ids.length, limit - first);
    planned.push({ name, ids: ids.subarray(0, steps), starts: starts.slice(0, steps), ends: ends.slice(0, steps), first });
    first += steps;
    if (steps < ids.length) return { planned, capped: true };
  }
  return { planned, capped: false };
}

/** Reads the next chunk of every active lane side by side and writes the top layer's H into the columns; returns the steps read. */
function readChunk(forward: FusedForward, planned: readonly PlannedDocument[], active: Lane[], columns: readonly Uint8ClampedArray[], chunkSteps: number): number {
  const { config } = forward;
  const h = config.hiddenSize;
  const segments = active.map((l) => ({ tokens: planned[l.doc].ids.subarray(l.read, l.read + chunkSteps), state: l.state }));
  const groups = forward.readGroups(segments);
  const floats = new Float32Array(forward.kernels.memory.buffer);
  let steps = 0;
  for (const { first, layout } of groups) {
    const { start, stride } = tracedColumns(config, layout)[config.numLayers - 1].H;
    const B = layout.batchSize;
    for (let b = 0; b < B; b++) {
      const lane = active[first + b];
      const count = segments[first + b].tokens.length;
      const at = planned[lane.doc].first + lane.read;
      // step t of segment b is row t·B + b: unit u's values are B · stride floats apart
      for (let u = 0; u < h; u++) writeLevels(columns[u], at, floats, start + b * stride + u, B * stride, count);
      lane.read += count;
      steps += count;
    }
  }
  return steps;
}
