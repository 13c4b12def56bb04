/** Reading a corpus's hidden states with a real (small) model on the fused engine, and searching them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig } from '../../src/core/model/config';
import { FusedForward } from '../../src/core/engine/fused/infer/fusedForward';
import { FusedTracer } from '../../src/core/engine/fused/infer/fusedTracer';
import { compileFusedWasm } from '../../src/core/engine/fused/kernels/kernels';
import { CorpusDocument, ReadProgress, readCorpusStates } from '../../src/core/analysis/patterns/readCorpusStates';
import type { CorpusStates } from '../../src/core/analysis/patterns/corpusStates';
import { proposeUnits } from '../../src/core/analysis/patterns/proposeUnits';
import { searchPattern } from '../../src/core/analysis/patterns/searchPattern';
import { LEVEL_HALF_STEP } from '../../src/core/analysis/patterns/stateLevels';
import { textTokens } from '../../src/core/text/documentTokens';
import { D2L_TOKENIZER, tokenize } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { Rng } from '../../src/core/util/rng';
import { fusedWasm, testParams } from './fusedHelpers';

const WORDS = ['the', 'time', 'traveller', 'machine', 'said', 'and', 'of', 'it', 'was', 'filby', 'psychologist', 'medical', 'man'];

/** `count` documents of random words and punctuation, of varied lengths (the d2l tokenizer reads runs of non-letters as a space). */
function corpus(count: number, seed: number): CorpusDocument[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    name: `file:///doc${i}.txt`,
    text: Array.from({ length: 3 + rng.int(0, 12) }, () => WORDS[rng.int(0, WORDS.length - 1)]).join(rng.next() < 0.5 ? ' ' : ', \n'),
  }));
}

const vocab = Vocab.fromTokens(tokenize(WORDS.join(' '), D2L_TOKENIZER));
const encoding = { tokenizer: D2L_TOKENIZER, vocab };

async function model(numLayers: number): Promise<{ config: ModelConfig; forward: FusedForward; tracer: FusedTracer }> {
  const config: ModelConfig = { cell: 'lstm', vocabSize: vocab.size, hiddenSize: 12, numLayers };
  const params = testParams(config, 4);
  const module = await compileFusedWasm(fusedWasm);
  return { config, forward: FusedForward.fromModule(module, config, params), tracer: FusedTracer.fromModule(module, config, params) };
}

/** The top layer's H at every step of a document, traced in one pass from the zero state (the explorer's path). */
function traced(tracer: FusedTracer, config: ModelConfig, text: string): Float32Array[] {
  return tracer.trace(textTokens(text, D2L_TOKENIZER, vocab).ids).steps.map((s) => s.layers[config.numLayers - 1].H);
}

/** Asserts that the store holds each document's first `steps` states as one forward over it gives them. */
function assertStatesOf(states: CorpusStates, docs: readonly CorpusDocument[], tracer: FusedTracer, config: ModelConfig): void {
  states.documents.forEach((stored, d) => {
    assert.equal(stored.name, docs[d].name);
    const want = traced(tracer, config, docs[d].text);
    for (let t = 0; t < stored.steps; t++) {
      for (let u = 0; u < config.hiddenSize; u++) {
        const got = states.value(d, t, u);
        assert.ok(Math.abs(got - want[t][u]) <= LEVEL_HALF_STEP + 1e-6, `document ${d} step ${t} unit ${u}: ${got} vs ${want[t][u]}`);
      }
    }
  });
}

for (const numLayers of [1, 2]) {
  test(`${numLayers} layer(s): chunked reading, documents side by side, holds the states of one forward over each document`, async () => {
    const { config, forward, tracer } = await model(numLayers);
    const docs = corpus(21, numLayers); // more than the 16 lanes: lanes are refilled
    docs.splice(5, 0, { name: 'file:///digits.txt', text: '12, 34\n' }); // no token: an empty document on the way
    const read = await readCorpusStates(forward, encoding, docs, { chunkSteps: 7 });
    assert.deepEqual([read.capped, read.cancelled, read.documentsLeftOut], [false, false, 0]);
    docs.forEach((doc, d) => {
      const { ids, starts, ends } = textTokens(doc.text, D2L_TOKENIZER, vocab);
      const stored = read.states.documents[d];
      assert.equal(stored.steps, ids.length);
      assert.deepEqual([stored.starts, stored.ends], [starts, ends]);
    });
    assertStatesOf(read.states, docs, tracer, config);
    assert.equal(read.states.bytes, read.states.steps * (config.hiddenSize + 8), 'a byte a unit a step, and two offsets');
  });
}

test('the read reports its progress after every chunk, up to the whole corpus', async () => {
  const { forward } = await model(1);
  const docs = corpus(5, 7);
  const seen: ReadProgress[] = [];
  const read = await readCorpusStates(forward, encoding, docs, { chunkSteps: 10, onProgress: (p) => seen.push(p) });
  const total = read.states.steps;
  assert.ok(seen.length >= Math.ceil(Math.max(...read.states.documents.map((d) => d.steps)) / 10));
  seen.slice(1).forEach((p, i) => assert.ok(p.chars > seen[i].chars && p.fraction > seen[i].fraction));
  assert.deepEqual(seen.at(-1), { fraction: 1, chars: total });
});

test('a cancelled read stops at once and leaves what it read, searchable', async () => {
  const { config, forward, tracer } = await model(1);
  const docs = corpus(30, 8);
  const abort = new AbortController();
  let chars = 0;
  const read = await readCorpusStates(forward, encoding, docs, {
    chunkSteps: 5,
    signal: abort.signal,
    onProgress: (p) => {
      chars = p.chars;
      if (p.chars > 0) abort.abort();
    },
  });
  assert.equal(read.cancelled, true);
  assert.ok(chars > 0);
  assert.equal(read.states.steps, chars, 'nothing read after the cancel');
  const full = docs.reduce((n, d) => n + textTokens(d.text, D2L_TOKENIZER, vocab).ids.length, 0);
  assert.ok(read.states.steps < full);
  assertStatesOf(read.states, docs, tracer, config);
  searchPattern(read.states, [0, 1], 0, 2).forEach((m) => assert.ok(m.end <= read.states.documents[m.document].steps, 'matches lie in what was read'));
  const before = await readCorpusStates(forward, encoding, docs, { signal: AbortSignal.abort() });
  assert.deepEqual([before.cancelled, before.states.steps], [true, 0]);
});

test('the step cap and the memory budget cut the corpus short, and the result says so', async () => {
  const { config, forward, tracer } = await model(1);
  const docs = corpus(6, 9);
  const lengths = docs.map((d) => textTokens(d.text, D2L_TOKENIZER, vocab).ids.length);
  const cap = lengths[0] + lengths[1] + 3; // inside the third document
  const read = await readCorpusStates(forward, encoding, docs, { maxChars: cap });
  assert.deepEqual([read.limit, read.capped, read.documentsLeftOut, read.states.steps], [cap, true, 3, cap]);
  assert.deepEqual(read.states.documents.map((d) => d.steps), [lengths[0], lengths[1], 3]);
  assertStatesOf(read.states, docs, tracer, config);
  const budget = await readCorpusStates(forward, encoding, docs, { maxBytes: config.hiddenSize * 10 + 5 });
  assert.deepEqual([budget.limit, budget.capped, budget.states.steps], [10, true, 10]);
  const exact = await readCorpusStates(forward, encoding, docs, { maxChars: lengths.reduce((a, b) => a + b) });
  assert.deepEqual([exact.capped, exact.documentsLeftOut], [false, 0], 'a corpus of exactly the cap is whole');
});

test('a read with bad options or nothing to read is refused by name', async () => {
  const { forward } = await model(1);
  const docs = corpus(2, 10);
  await assert.rejects(readCorpusStates(forward, encoding, docs, { maxChars: 0 }), /maxChars must be a positive whole number/);
  await assert.rejects(readCorpusStates(forward, encoding, docs, { maxBytes: 1.5 }), /maxBytes must be a positive whole number/);
  await assert.rejects(readCorpusStates(forward, encoding, docs, { maxBytes: 11 }), /memory budget of 11 bytes holds no step of a model with 12 hidden units/);
  await assert.rejects(readCorpusStates(forward, encoding, [{ name: 'digits', text: '1234 !!' }]), /no text the model reads/);
  await assert.rejects(readCorpusStates(forward, encoding, []), /no text the model reads/);
});

test("a span selected on a real model's trace is found in the corpus, with the shared and extra units its states have", async () => {
  const { config, forward, tracer } = await model(1);
  const docs = corpus(8, 11);
  const read = await readCorpusStates(forward, encoding, docs);
  const threshold = 0.05;
  const explored = traced(tracer, config, docs[3].text);
  // the first span of 3 steps with a proposal
  const start = explored.findIndex((_, a) => a + 3 <= explored.length && proposeUnits(explored, { start: a, end: a + 3 }, threshold).length > 0);
  assert.ok(start >= 0, 'some span has units that turn on');
  const units = proposeUnits(explored, { start, end: start + 3 }, threshold);
  const matches = searchPattern(read.states, units, threshold, 3, 1000);
  const self = matches.find((m) => m.document === 3 && m.start <= start && start < m.end);
  assert.ok(self, 'the span is among the matches');
  assert.equal(self.shared, units.length);
  const extra = explored[0].reduce((n, _, u) => n + (!units.includes(u) && explored.slice(self.start, self.end).every((h) => h[u] >= threshold) ? 1 : 0), 0);
  assert.equal(self.extra, extra);
  assert.equal(self.score, self.shared - self.extra - (3 - (self.end - self.start)) / 3);
  assert.ok(matches.every((m) => m.shared === units.length), 'with minShare 1 every match has all the units on');
});
