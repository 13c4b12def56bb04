/**
 * A long document (past MAX_CHECKPOINTS · 32 tokens, where the checkpoints are spaced out): the
 * checkpoints' memory stays bounded however wide and deep the model, and a hover far into it,
 * the hovers just before it (from the states its walk passed) and those on the lines around it
 * (read after it: hoverPrefetch) read few tokens and give the numbers of a read from the start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentInference, MAX_CHECKPOINTS } from '../../src/core/infer/document/documentInference';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { stepModelFor } from '../../src/core/infer/stepModel';
import { documentTokens } from '../../src/core/text/documentTokens';
import { prefetchAroundHover } from '../../src/extension/editor/hoverPrefetch';
import { counting } from '../fixtures/editor/counting';
import { handleOf, randomModel } from '../fixtures/editor/models';

const LINE = 'the "time" traveller (for so it will be convenient to speak of him) was expounding 42 matters\n';
const TOL = 1e-5;
const MIB = 2 ** 20;

test('a wide, deep model on a long document spaces its checkpoints so that their states stay within 64 MiB', () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 512, numLayers: 4 }, LINE);
  const { tokenizer, vocab, model } = handleOf(saved);
  const text = LINE.repeat(Math.ceil(400_000 / LINE.length));
  const doc = new DocumentInference(model, documentTokens(text, tokenizer, vocab));
  const stateBytes = 2 * 512 * 4 * Float64Array.BYTES_PER_ELEMENT; // H and C of every layer
  const checkpoints = Math.ceil(doc.length / doc.interval) + 1;
  assert.ok(checkpoints * stateBytes <= 64 * MIB + stateBytes, `${checkpoints} checkpoints of ${stateBytes} bytes`);
  assert.ok(doc.interval > Math.ceil(doc.length / MAX_CHECKPOINTS), `interval ${doc.interval}: wider than the count of checkpoints alone asks`);
});

test('far into a long document, a hover, the hovers just before it and, once the lines around it are read, those on them read few tokens and give a read from the start\'s numbers', async () => {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 2 }, LINE);
  const { tokenizer, vocab } = handleOf(saved);
  const { model, steps } = counting(stepModelFor(saved.checkpoint));
  const text = LINE.repeat(Math.ceil((1.5 * MAX_CHECKPOINTS * 32) / LINE.length)); // checkpoints 48 tokens apart
  const doc = new DocumentInference(model, documentTokens(text, tokenizer, vocab));
  assert.ok(doc.interval > 32, `interval ${doc.interval}`);
  await doc.stateBefore(doc.length, NOT_CANCELLED); // read once to the end: the spaced-out checkpoints
  /** Step t from the zero state, token by token: the numbers every walk must give. */
  const fromStart = (t: number) => {
    const reference = stepModelFor(saved.checkpoint);
    const state = reference.zeroState();
    for (let i = 0; i < t; i++) reference.step(doc.tokens.ids.at(i), state);
    reference.step(doc.tokens.ids.at(t), state);
    return { h: Float64Array.from(state.h), c: Float64Array.from(state.c ?? []) };
  };
  const { interval } = doc;
  const far = (Math.floor((doc.length - 3000) / interval) + 1) * interval - 2; // the end of an interval: a long walk from its checkpoint
  const line = LINE.length; // one token per character, LINE.length a line
  for (const [t, most, prefetch] of [
    [far, interval, false],
    [far - 1, 32, false], // from a state the first walk passed
    [far - 10, 32, true], // then the lines around it are read
    [far - 20 * line + 3, 32, false], // 20 lines before: in an interval no hover read
    [far + 15 * line, 32, false],
  ] as const) {
    const before = steps();
    const step = await doc.stepAt(t, NOT_CANCELLED);
    assert.ok(step, `step ${t}`);
    assert.ok(steps() - before <= most + 1, `step ${t}: read ${steps() - before} tokens, at most ${most + 1}`);
    const want = fromStart(t);
    const layers = step.layers;
    for (let layer = 0; layer < 2; layer++) {
      for (let u = 0; u < 8; u++) {
        assert.ok(Math.abs(layers[layer].H[u] - want.h[layer * 8 + u]) <= TOL, `step ${t} H[${layer}][${u}]`);
        assert.ok(Math.abs(layers[layer].C[u] - want.c[layer * 8 + u]) <= TOL, `step ${t} C[${layer}][${u}]`);
      }
    }
    if (prefetch) await prefetchAroundHover(doc, t, NOT_CANCELLED);
  }
  // A keystroke there: the new version keeps the near states before it, and a hover just after it reads from one.
  const at = doc.tokens.starts.at(far - 10);
  const edited = text.slice(0, at) + 'e' + text.slice(at);
  const next = new DocumentInference(model, documentTokens(edited, tokenizer, vocab), doc);
  const before = steps();
  const step = await next.stepAt(far - 5, NOT_CANCELLED);
  assert.ok(step && steps() - before <= 32 + 6, `after the edit: read ${steps() - before} tokens`);
});
