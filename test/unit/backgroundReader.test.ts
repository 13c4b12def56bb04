/** Reading an edited document on in the background (src/extension/editor/backgroundReader.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundReader } from '../../src/extension/editor/backgroundReader';
import { InferenceCache, type DocumentEntry } from '../../src/extension/editor/inferenceCache';
import { randomModel } from '../fixtures/editor/models';
import { stepModelFor } from '../../src/core/infer/stepModel';

const TEXT = 'the time traveller (for so it will be convenient to speak of him) was expounding a recondite matter to us.\n'.repeat(30);

/** A document entry of TEXT (3,240 characters) on a small model, nothing read yet. */
function entryOf(version = 1, text = TEXT): { cache: InferenceCache; doc: { uri: string; version: number; getText: () => string }; entry: () => DocumentEntry } {
  const model = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 1 }, TEXT);
  const cache = new InferenceCache(() => model, undefined, stepModelFor);
  const doc = { uri: 'file:///story.txt', version, getText: () => text };
  return { cache, doc, entry: () => cache.get(doc) as DocumentEntry };
}

test('a still document is read on from its last checkpoint, as far as the read-ahead allows', async () => {
  const { entry } = entryOf();
  assert.equal(entry().inference.checkpointed, 0);
  await new BackgroundReader(5, 1000).schedule('story', entry);
  const { checkpointed, interval } = entry().inference;
  assert.ok(checkpointed >= 1000 - interval && checkpointed <= 1000, `read on to ${checkpointed}`);
  await new BackgroundReader(5, 1_000_000).schedule('story', entry);
  assert.equal(entry().inference.checkpointed, Math.floor(entry().inference.length / interval) * interval, 'to the end');
});

test('another edit before the document is still starts the wait again; only the last one reads', async () => {
  const { entry } = entryOf();
  const reader = new BackgroundReader(30, 1_000_000);
  let asked = 0;
  const first = reader.schedule('story', () => (asked++, entry()));
  const second = reader.schedule('story', () => (asked++, entry()));
  await first;
  assert.equal(asked, 0, 'the overtaken wait ends without reading');
  await second;
  assert.equal(asked, 1);
  assert.ok(entry().inference.checkpointed > 0);
});

test('a read going on stops when cancelled, and reading on later continues from where it got', async () => {
  const long = TEXT.repeat(40); // 129,600 characters: many time slices
  const { entry } = entryOf(1, long);
  const reader = new BackgroundReader(0, 1_000_000);
  // cancelled right after the read begins: it stops at the end of its first slice
  const read = reader.schedule('story', () => (setImmediate(() => reader.cancel('story')), entry()));
  await read;
  const stopped = entry().inference.checkpointed;
  assert.ok(stopped < entry().inference.length - entry().inference.interval, `stopped at ${stopped} of ${entry().inference.length}`);
  await reader.schedule('story', entry);
  assert.ok(entry().inference.checkpointed > stopped);
});
