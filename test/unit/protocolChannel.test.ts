/**
 * The typed channels over a real message channel (node's MessageChannel, as the host's trainer
 * thread has): what parses is handed on in order, what arrived before the handler waits for it,
 * what does not parse is dropped and named, and transferred buffers move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { trainerChannel, trainerHostChannel } from '../../src/protocol/channel';
import { threadPort as portOf } from '../../src/extension/train/threadPort';
import type { HostToTrainer } from '../../src/protocol/messages';
import type { TrainEvent } from '../../src/protocol/training';

/** Resolves once `done()` holds (messages have arrived), checked every few milliseconds: no fixed wait that a loaded machine outlasts. */
async function until(done: () => boolean, limitMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!done()) {
    if (Date.now() - t0 > limitMs) throw new Error(`the messages did not arrive in ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a channel hands on what parses, in order, and drops what does not, naming it', async () => {
  const { port1, port2 } = new MessageChannel();
  const dropped: unknown[] = [];
  const host = trainerChannel(portOf(port1), () => undefined);
  const thread = trainerHostChannel(portOf(port2), (raw) => dropped.push(raw));
  const got: HostToTrainer[] = [];
  thread.onMessage((m) => got.push(m));
  host.post({ type: 'stopTraining', runId: 'a' });
  port1.postMessage({ type: 'stopTraining' }); // no runId: does not parse
  port1.postMessage({ type: 'format the disk', runId: 'a' });
  host.post({ type: 'stopTraining', runId: 'b' });
  await until(() => got.length >= 2 && dropped.length >= 2);
  assert.deepEqual(got, [{ type: 'stopTraining', runId: 'a' }, { type: 'stopTraining', runId: 'b' }]);
  assert.deepEqual(dropped, [{ type: 'stopTraining' }, { type: 'format the disk', runId: 'a' }]);
  port1.close();
});

test('messages that arrive before the handler is set wait for it', async () => {
  const { port1, port2 } = new MessageChannel();
  const thread = trainerHostChannel(portOf(port2), () => assert.fail('nothing is dropped'));
  const arrived = new Promise((r) => port2.once('message', r));
  trainerChannel(portOf(port1), () => undefined).post({ type: 'stopTraining', runId: 'early' });
  await arrived;
  const got: HostToTrainer[] = [];
  thread.onMessage((m) => got.push(m));
  assert.deepEqual(got, [{ type: 'stopTraining', runId: 'early' }]);
  port1.close();
});

test('a transferred buffer moves with the message (the sender’s copy is detached)', async () => {
  const { port1, port2 } = new MessageChannel();
  const host = trainerChannel(portOf(port1), () => assert.fail('nothing is dropped'));
  const thread = trainerHostChannel(portOf(port2), () => undefined);
  const got: TrainEvent[] = [];
  host.onMessage((m) => got.push(m));
  const weights = new Float32Array([1, 2, 3]);
  thread.post({ type: 'trainEnded', runId: 'r', outcome: 'failed', message: 'x' }, [weights.buffer]);
  await until(() => got.length >= 1);
  assert.equal(weights.byteLength, 0);
  assert.deepEqual(got, [{ type: 'trainEnded', runId: 'r', outcome: 'failed', message: 'x' }]);
  port1.close();
});
