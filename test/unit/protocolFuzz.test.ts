/**
 * Every validator on every boundary against hostile values (#16): 10,000 generated values per
 * direction, made from a valid message of each type by wrong-typed, missing and extra fields,
 * unknown types, huge and sparse arrays, `__proto__` / `constructor` keys, throwing getters and
 * Proxies, and plain junk. Nothing invalid by construction is accepted, every valid message is,
 * nothing throws past the validator, and no prototype is polluted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hostToPanel, hostToTrainer, panelToHost, panelToWorker, workerToPanel,
} from '../../src/protocol/messages';
import { parseMessage, type MessageTable } from '../../src/protocol/validate';
import { EXPLORER_TOP_K } from '../../src/protocol/explorer';
import { trainEvents as trainEventTable } from '../../src/protocol/training';
import { PANEL_STRING_KEYS } from '../../src/protocol/strings';
import { TEXT_FEATURES } from '../../src/core/infer/unitFeatures';
import { PRESETS } from '../../src/core/train/trainPreset';
import { D2L_TOKENIZER } from '../../src/core/text/tokenizer';
import { Rng } from '../../src/core/util/rng';

type Msg = Record<string, unknown> & { type: string };

const runId = 'run-1';
const wasmFiles = { 'tfjs-backend-wasm.wasm': 'https://file+.vscode-resource/x.wasm' };
const request = {
  runId, modelName: 'story', sourceLabel: 'story.txt', text: 'the time machine '.repeat(20), tokenizer: D2L_TOKENIZER,
  preset: PRESETS.quick, engine: 'auto', checkpointEveryMs: 5000, provenance: { source: 'story.txt' },
};
const steps = 2;
const h = 2;
const trace = {
  id: 't1', modelName: 'story', cell: 'lstm', hiddenSize: h, numLayers: 1, gates: ['I', 'F', 'O', 'C_tilde', 'C', 'H'],
  uri: 'file:///story.txt', tokens: ['a', 'b'], starts: Int32Array.from([0, 1]), ends: Int32Array.from([1, 2]),
  values: [Array.from({ length: 6 }, () => new Float32Array(steps * h))], startH: new Float32Array(h), startC: new Float32Array(h),
  surprisal: new Float32Array(steps), topKTokens: Array.from({ length: steps * EXPLORER_TOP_K }, (_, i) => String.fromCharCode(97 + i)),
  topKProbs: new Float32Array(steps * EXPLORER_TOP_K), engine: 'fused-wasm', traceMs: 1.5,
};
const report = { probes: [{ backend: 'wasm', available: true, detail: 'SIMD yes, threads no', matmulMs: 0.4 }], tfVersion: '4.22.0', elapsedMs: 120 };
const feature = TEXT_FEATURES[0];
const ranking = { modelName: 'story', sourceLabel: 'story.txt', chars: 340, features: [{ feature, label: 'quotes', units: [{ layer: 0, kind: 'H', unit: 1, feature, r: 0.5 }] }] };
const epoch = { epoch: 1, perplexity: 12.5, tokensPerSec: 25_000, tokens: 1000, seconds: 0.04 };
const trainEvents: Msg[] = [
  { type: 'trainStarted', runId, modelName: 'story', sourceLabel: 'story.txt', engine: 'fused-wasm', engineDetail: 'relaxed SIMD', skipped: [{ engine: 'tfjs-cpu', reason: 'slower' }], vocabSize: 28, corpusTokens: 1000, totalEpochs: 20, history: [epoch] },
  { type: 'trainProgress', runId, epoch: 1, batch: 3, batches: 10, loss: 2.5, tokensPerSec: 25_000 },
  { type: 'trainEpoch', runId, ...epoch },
  { type: 'trainSample', runId, epoch: 1, text: 'time traveller' },
  { type: 'checkpoint', runId, epoch: 1, checkpoint: { manifestJson: '{}', weights: new Uint8Array(8) }, final: false },
  { type: 'trainEnded', runId, outcome: 'finished' },
];

const readings = { forgets: 0.1, ignoresInput: 0, hidesMemory: 0.25 };
const comparison = {
  id: 'c1', sourceLabel: 'story.txt', phase: 'measuring', cells: [
    { cell: 'rnn', modelName: 'story-rnn', state: 'done', outcome: 'finished', engine: 'fused-wasm', parameters: 2300, perplexities: [12.5, 9.1], tokensPerSec: 25_000, memory: [0.5, 0.25] },
    { cell: 'gru', modelName: 'story-gru', state: 'training', runId, perplexities: [] },
  ],
};
const heatmap = { first: 0, steps: 3, units: [1, 4], values: new Float32Array(6) };
const patternMatch = { uri: 'file:///a', label: 'a', from: 2, to: 5, start: 2, end: 4, before: 'x', text: 'abc', after: 'y', score: 1.5, shared: 2, extra: 0, heatmap };
const patternResult = { modelName: 'story', units: [1, 4], threshold: 0.3, documents: 2, chars: 40, partial: false, note: '', matches: [patternMatch] };

/** One valid message of every type, per direction. */
const boundaries: readonly { name: string; table: MessageTable; valid: Msg[] }[] = [
  {
    name: 'panel ← host', table: hostToPanel, valid: [
      { type: 'showPatternMatches', result: patternResult }, { type: 'patternsStatus', message: 'reading…', busy: true },
      { type: 'init', strings: Object.fromEntries(PANEL_STRING_KEYS.map((k) => [k, k])), resources: { workerScript: 'https://x/worker.js', wasmFiles }, workerTimeoutMs: 20_000 },
      { type: 'probeBackends' }, { type: 'train', request }, { type: 'stopTraining', runId },
      { type: 'showTrace', trace, step: 1, readings }, { type: 'setReadings', readings: { ...readings, hidesMemory: 0.5 } }, { type: 'setStep', traceId: 't1', step: 0 },
      { type: 'showConnectivity', traceId: 't1', step: 3, byDistance: Float32Array.of(0.5, 0.25, 0.125, 0.01) },
      { type: 'showMemoryCurve', traceId: 't1', mean: Float32Array.of(1, 0.5, NaN), counts: Int32Array.of(4, 4, 0), positions: 4 },
      { type: 'connectivityUnavailable', traceId: 't1', reason: 'fused.wasm is missing' },
      { type: 'explorerModels', traceId: 't1', names: ['fox', 'fox-gru'], current: 'fox' },
      { type: 'trainEvent', event: trainEvents[1] }, { type: 'showUnits', ranking }, { type: 'unitsStatus', message: 'ranking…', busy: true },
      { type: 'showComparison', comparison },
    ],
  },
  {
    name: 'host ← panel', table: panelToHost, valid: [
      { type: 'searchPattern', modelName: 'story', units: [1, 4], threshold: 0.3, spanLength: 3, reread: false }, { type: 'cancelPatternSearch' }, { type: 'openPatternMatch', uri: 'file:///a', from: 2, to: 5 },
      { type: 'ready' }, { type: 'connectivityAt', traceId: 't1', step: 2 }, { type: 'exploreWithModel', modelName: 'fox-gru', uri: 'file:///a.txt', start: 0, end: 9, step: 3 }, { type: 'backendReport', report }, { type: 'error', message: 'x' }, { type: 'cspViolation', directive: 'script-src', blockedUri: 'inline' },
      { type: 'resumeTraining', runId, modelName: 'story' }, { type: 'stopTraining', runId }, { type: 'revealOffset', uri: 'file:///a', start: 1, end: 4 },
      { type: 'restoreTrace', uri: 'file:///a', start: 0, end: 10, step: 3 }, { type: 'rankUnits', source: 'corpus' },
      { type: 'colourByUnit', layer: 0, kind: 'C', unit: 3 }, { type: 'workerUnavailable', runId, reason: 'timeout' }, ...trainEvents,
    ],
  },
  { name: 'worker ← panel', table: panelToWorker, valid: [{ type: 'probe', wasmFiles }, { type: 'train', request, wasmFiles }, { type: 'stopTraining', runId }] },
  {
    name: 'panel ← worker', table: workerToPanel, valid: [
      { type: 'workerReady' }, { type: 'cspViolation', directive: 'worker-src', blockedUri: 'blob' }, { type: 'backendReport', report }, { type: 'error', message: 'x' }, ...trainEvents,
    ],
  },
  { name: 'host-thread trainer ← host', table: hostToTrainer, valid: [{ type: 'train', request }, { type: 'stopTraining', runId }] },
  // The host reads its trainer thread's answers with the train events' own table (parseTrainEvent).
  { name: 'host ← host-thread trainer', table: trainEventTable, valid: trainEvents },
];

const SPARSE = new Array<unknown>(2 ** 32 - 1);
/** `xs` with a hole at index `at` (−1: the last). */
function holed(xs: unknown[], at: number): unknown[] {
  delete xs[at < 0 ? xs.length + at : at];
  return xs;
}
/** Values of every JavaScript kind, to put where a field of another kind belongs. */
const POOL: readonly unknown[] = [
  0, -1, 1.5, NaN, Infinity, 2 ** 53, '', 'x', true, false, null, {}, [], SPARSE, holed([1, 2, 3], 1), new Float32Array(3), new Uint8Array(2),
  { length: 2 ** 32 - 1 }, Object.create(null) as object, JSON.parse('{"__proto__":{"polluted":true}}') as object, () => 1, Symbol('s'), 10n,
];

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : ArrayBuffer.isView(v) ? `view:${(v as object).constructor.name}` : typeof v);

/** A value of another kind than `original`: whatever the field's check, it cannot pass. */
function otherKind(original: unknown, rng: Rng): unknown {
  const choices = POOL.filter((v) => kindOf(v) !== kindOf(original) && !(kindOf(original) === 'object' && kindOf(v) === 'object'));
  return choices[Math.floor(rng.next() * choices.length)];
}

function pick<T>(xs: readonly T[], rng: Rng): T {
  return xs[Math.floor(rng.next() * xs.length)];
}

/** A hostile value that is never a valid message. */
function junk(rng: Rng): unknown {
  switch (Math.floor(rng.next() * 6)) {
    case 0: return pick(POOL, rng);
    case 1: return { type: pick(POOL, rng) };
    case 2: return new Proxy({ type: 'ready' }, { get: () => { throw new Error('trap'); }, getOwnPropertyDescriptor: () => { throw new Error('trap'); } });
    case 3: return Object.defineProperty({}, 'type', { get: () => { throw new Error('getter'); }, enumerable: true });
    case 4: return JSON.parse('{"type":"__proto__"}');
    default: return { type: pick(['constructor', 'toString', 'hasOwnProperty', 'valueOf'], rng) };
  }
}

/** A valid message with extra fields, `__proto__` and `constructor` among them, as JSON.parse makes them. */
function withExtras(m: Msg): Msg {
  const extras = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":[1,2,3]}') as object;
  return Object.assign(extras, m);
}

function requiredFields(table: MessageTable, type: string): string[] {
  return Object.entries(table[type].fields).filter(([, f]) => typeof f === 'function').map(([k]) => k);
}

for (const { name, table, valid } of boundaries) {
  test(`${name}: 10,000 hostile values, nothing invalid accepted, nothing thrown, no prototype polluted`, () => {
    assert.deepEqual([...new Set(valid.map((m) => m.type))].sort(), Object.keys(table).sort(), 'a valid sample of every message type');
    for (const m of valid) {
      assert.ok(parseMessage(table, m), `${m.type} is accepted`);
      assert.ok(parseMessage(table, withExtras(m)), `${m.type} with extra fields is accepted`);
    }
    const rng = new Rng(0x5eed + name.length);
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    for (let i = 0; i < 10_000; i++) {
      const base = pick(valid, rng);
      const required = requiredFields(table, base.type);
      let value: unknown;
      switch (i % 5) {
        case 0: {
          if (required.length === 0) { value = junk(rng); break; }
          const field = pick(required, rng);
          value = { ...base, [field]: otherKind(base[field], rng) };
          break;
        }
        case 1: {
          if (required.length === 0) { value = { ...base, type: `${base.type}!` }; break; }
          const rest: Record<string, unknown> = { ...base };
          delete rest[pick(required, rng)];
          value = rest;
          break;
        }
        case 2: value = { ...base, type: pick([`${base.type}x`, base.type.toUpperCase(), '', '__proto__', 'constructor'], rng) }; break;
        case 3: {
          // An array field made huge and sparse, where the message has one.
          const arrays = required.filter((k) => Array.isArray(base[k]));
          if (arrays.length === 0) { value = junk(rng); break; }
          value = { ...base, [pick(arrays, rng)]: rng.next() < 0.5 ? SPARSE : holed([...(base[pick(arrays, rng)] as unknown[]), 0], -1) };
          break;
        }
        default: value = junk(rng); break;
      }
      let parsed: unknown;
      assert.doesNotThrow(() => { parsed = parseMessage(table, value); }, `value ${i}`);
      assert.equal(parsed, undefined, `value ${i} (${base.type}, mutation ${i % 5}) is refused`);
    }
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });
}
