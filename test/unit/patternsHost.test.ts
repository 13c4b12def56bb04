/**
 * The host's pure pieces of pattern search: which documents it reads (the corpus, then the open
 * text documents, each once, none empty or binary-looking), the snippet of a match, and the
 * states it keeps (read once per model revision and documents, again on request or when they
 * change; a cancelled read kept with what it read), with the fox model on the fused engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { readCorpusStates } from '../../src/core/analysis/patterns/readCorpusStates';
import { FusedForward } from '../../src/core/engine/fused/infer/fusedForward';
import { compileFusedWasm } from '../../src/core/engine/fused/kernels/kernels';
import { Vocab } from '../../src/core/text/vocab';
import { chooseDocuments, type CandidateText } from '../../src/extension/patterns/patternDocuments';
import { matchSnippet } from '../../src/extension/patterns/matchSnippet';
import { HOST_CHUNK_STEPS, KeptStates } from '../../src/extension/patterns/keptStates';
import { fusedWasm } from './fusedHelpers';

const FOX_LINE = 'the quick brown fox jumps over the lazy dog\n';
const FOX_DIR = join(__dirname, '../../../test/fixtures/editor/fox');

const text = (uri: string, body: string, scheme = 'file', version = '1'): CandidateText => ({ uri, scheme, version, text: body });

test('the corpus comes first; open documents follow once each, the corpus file, other schemes, empty and binary-looking texts left out', () => {
  const corpus = text('file:///m/corpus.txt', FOX_LINE.repeat(3));
  const chosen = chooseDocuments(corpus, [
    text('file:///a.txt', 'alpha'),
    text('file:///m/corpus.txt', FOX_LINE.repeat(3)),
    text('output:extension-output', 'log lines', 'output'),
    text('untitled:Untitled-1', 'beta', 'untitled'),
    text('file:///a.txt', 'alpha'),
    text('file:///empty.txt', ''),
    text('file:///image.png', 'PNG\0\0\0\x01\x02'),
    text('git:/a.txt', 'alpha', 'git'),
  ]);
  assert.deepEqual(chosen.documents.map((d) => d.name), ['file:///m/corpus.txt', 'file:///a.txt', 'untitled:Untitled-1']);
  assert.deepEqual(chosen.documents.map((d) => d.text), [FOX_LINE.repeat(3), 'alpha', 'beta']);
  assert.equal(chosen.skipped, 2, 'the empty and the binary-looking file');
});

test('the key changes with a document version and with the set of documents, and only then', () => {
  const a = text('file:///a.txt', 'alpha');
  const key = chooseDocuments(undefined, [a]).key;
  assert.equal(chooseDocuments(undefined, [{ ...a }]).key, key);
  assert.notEqual(chooseDocuments(undefined, [{ ...a, version: '2' }]).key, key);
  assert.notEqual(chooseDocuments(undefined, [a, text('file:///b.txt', 'beta')]).key, key);
  assert.equal(chooseDocuments(undefined, []).documents.length, 0);
});

test('a snippet is the match and a few characters either side, within the text, never half a surrogate pair', () => {
  assert.deepEqual(matchSnippet('the quick brown fox', 4, 9, 3), { before: 'he ', text: 'quick', after: ' br' });
  assert.deepEqual(matchSnippet('the quick', 0, 3, 3), { before: '', text: 'the', after: ' qu' });
  assert.deepEqual(matchSnippet('ab', 1, 10, 3), { before: 'a', text: 'b', after: '' }, 'a document shorter since the read');
  const emoji = 'x😀abc😀y';
  assert.deepEqual(matchSnippet(emoji, 3, 6, 1), { before: '', text: 'abc', after: '' }, 'one UTF-16 unit would split the emoji');
  assert.deepEqual(matchSnippet(emoji, 3, 6, 2), { before: '😀', text: 'abc', after: '😀' });
  assert.deepEqual(matchSnippet(emoji, 3, 6, 3), { before: 'x😀', text: 'abc', after: '😀y' });
});

async function fox() {
  const checkpoint = await readCheckpointDir(FOX_DIR);
  return { revision: 1, checkpoint };
}

test('the kept states are those of one read by the model, read once per revision and documents, again on request', async () => {
  const model = await fox();
  const states = new KeptStates(() => fusedWasm);
  const docs = chooseDocuments(text('file:///corpus.txt', FOX_LINE.repeat(30)), [text('file:///fox.txt', FOX_LINE.repeat(3))]);
  const request = { key: docs.key, documents: docs.documents, maxChars: 2_000_000, reread: false };
  const first = states.states(model, request);
  assert.equal(first.fresh, true);
  const read = await first.read;
  const forward = FusedForward.fromModule(await compileFusedWasm(fusedWasm), model.checkpoint.config, model.checkpoint.params);
  const want = await readCorpusStates(forward, { tokenizer: model.checkpoint.tokenizer, vocab: new Vocab(model.checkpoint.vocab) }, docs.documents);
  assert.deepEqual(read.states.columns, want.states.columns, 'the same levels as the core read gives');
  assert.deepEqual([read.capped, read.cancelled, read.states.steps], [false, false, 33 * FOX_LINE.length]);
  const again = states.states(model, request);
  assert.deepEqual([again.fresh, await again.read === read], [false, true], 'kept');
  assert.equal(states.states(model, { ...request, reread: true }).fresh, true, 'read again on request');
  assert.equal(states.states({ ...model, revision: 2 }, request).fresh, true, 'a new revision reads again');
  const changed = chooseDocuments(undefined, [text('file:///fox.txt', FOX_LINE, 'file', '2')]);
  assert.equal(states.states({ ...model, revision: 2 }, { ...request, key: changed.key, documents: changed.documents }).fresh, true, 'other documents read again');
  states.dispose();
});

test('a cancelled read ends with what it read, is kept and searchable, and is read whole on request', async () => {
  const model = await fox();
  const states = new KeptStates(() => fusedWasm);
  // more than 16 documents of several chunks each, so the read takes several chunks
  const docs = chooseDocuments(undefined, Array.from({ length: 20 }, (_, i) => text(`file:///fox${i}.txt`, FOX_LINE.repeat(8))));
  let chunks = 0;
  const request = {
    key: docs.key,
    documents: docs.documents,
    maxChars: 2_000_000,
    reread: false,
    onProgress: () => {
      if (++chunks === 1) states.cancel();
    },
  };
  const read = await states.states(model, request).read;
  assert.equal(read.cancelled, true);
  assert.ok(read.states.steps > 0 && read.states.steps < 20 * 8 * FOX_LINE.length, `${read.states.steps} steps read`);
  assert.ok(read.states.steps <= 16 * HOST_CHUNK_STEPS, 'one chunk of 16 documents side by side');
  assert.equal(await states.states(model, request).read, read, 'kept');
  const whole = await states.states(model, { ...request, reread: true, onProgress: undefined }).read;
  assert.deepEqual([whole.cancelled, whole.states.steps], [false, 20 * 8 * FOX_LINE.length]);
  states.dispose();
});

test('the read is capped at maxChars and says so', async () => {
  const model = await fox();
  const states = new KeptStates(() => fusedWasm);
  const docs = chooseDocuments(text('file:///corpus.txt', FOX_LINE.repeat(40)), [text('file:///fox.txt', FOX_LINE.repeat(3))]);
  const read = await states.states(model, { key: docs.key, documents: docs.documents, maxChars: 1000, reread: false }).read;
  assert.deepEqual([read.capped, read.limit, read.states.steps, read.documentsLeftOut], [true, 1000, 1000, 1]);
  states.dispose();
});

test('without fused.wasm the read fails with the loader\'s reason, and is not kept', async () => {
  const model = await fox();
  const states = new KeptStates(() => {
    throw new Error('fused.wasm not found');
  });
  const docs = chooseDocuments(undefined, [text('file:///fox.txt', FOX_LINE)]);
  const request = { key: docs.key, documents: docs.documents, maxChars: 1000, reread: false };
  await assert.rejects(states.states(model, request).read, /fused\.wasm not found/);
  assert.equal(states.states(model, request).fresh, true);
});
