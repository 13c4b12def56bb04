/**
 * Typing in a long document (past MAX_CHECKPOINTS · 32 tokens, where the checkpoints are an
 * interval of ~100 tokens apart), as the editor does it: the screen coloured by a unit, then keystrokes, each
 * a new version made from the one before (editedTokens' TokenEdit) and the screen's values
 * asked again. Each keystroke reads a few dozen tokens whatever the interval (it starts at a
 * near state before the edit and meets the earlier version at one of its near states after it),
 * and the values after inserts and deletes at the start, in the middle and at the end equal those
 * of a read of the edited text from scratch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentInference, MAX_CHECKPOINTS } from '../../src/core/infer/document/documentInference';
import { NOT_CANCELLED } from '../../src/core/infer/document/timeSlice';
import { stepModelFor } from '../../src/core/infer/stepModel';
import { documentTokens, editedTokens } from '../../src/core/text/documentTokens';
import { counting } from '../fixtures/editor/counting';
import { plainTokens } from './plainTokens';
import { handleOf, randomModel } from '../fixtures/editor/models';

const LINE = 'the "time" traveller (for so it will be convenient to speak of him) was expounding 42 matters\n';
const TEXT = LINE.repeat(Math.ceil((3.3 * MAX_CHECKPOINTS * 32) / LINE.length)); // one token a character: checkpoints ~106 apart
const TOL = 1e-5;
/** Tokens of the screen coloured around the place typed at. */
const SCREEN_BEFORE = 1000;
const SCREEN_AFTER = 2000;
/** A keystroke reads from a near state (≤ 32 tokens before it) to a meeting point (≤ 32 past where the states agree). */
const MOST_PER_KEY = 3 * 32;

/** A random LSTM that forgets (F ≈ σ(−2)): an edit's effect fades within a few tokens. */
function forgetting() {
  const saved = randomModel({ cell: 'lstm', hiddenSize: 8, numLayers: 2 }, TEXT);
  for (const layer of [0, 1]) (saved.checkpoint.params.get(`l${layer}.b_f`) as Float32Array).fill(-2);
  return saved;
}

const SAVED = forgetting();
const UNIT = { layer: 1, kind: 'H' as const, unit: 3 };
const { tokenizer, vocab } = handleOf(SAVED);

type Edit = { readonly at: number; readonly cut: number; readonly typed: string };

/** Keystrokes at `at`: a word typed character by character, then as many characters deleted back (backspace). */
function keystrokes(at: number, word: string): { typing: Edit[]; deleting: Edit[] } {
  const typing = [...word].map((ch, i) => ({ at: at + i, cut: 0, typed: ch }));
  const deleting = [...word].map((_, i) => ({ at: at + word.length - 1 - i, cut: 1, typed: '' }));
  return { typing, deleting };
}

/** The screen's values of UNIT in `doc` (the range clipped to the document), as the colouring asks for them. */
const screenOf = (doc: DocumentInference, at: number) => ({ from: Math.max(0, at - SCREEN_BEFORE), to: Math.min(doc.length, at + SCREEN_AFTER) });

const PLACES = [
  ['the start', 0],
  ['the middle', Math.floor(TEXT.length / 2) + 17],
  ['the end', TEXT.length - 3],
] as const;

/** TEXT read once to the end (as the first hover does) and each place's screen coloured: every test's first version, only read from. */
const FIRST = (async () => {
  const counted = counting(stepModelFor(SAVED.checkpoint));
  const v1 = new DocumentInference(counted.model, documentTokens(TEXT, tokenizer, vocab));
  await v1.stateBefore(v1.length, NOT_CANCELLED);
  for (const [, at] of PLACES) {
    const shown = screenOf(v1, at);
    (await v1.unitValues(UNIT, shown.from, shown.to, NOT_CANCELLED, true))?.toArray();
  }
  return { ...counted, v1 };
})();

for (const [place, at] of PLACES) {
  test(`keystrokes at ${place} of a long document each read a few dozen tokens, and the colours after inserts and deletes are a read from scratch's`, async () => {
    const { model, steps, v1 } = await FIRST;
    let text = TEXT;
    let doc = v1;
    assert.ok(doc.interval >= 3 * 32, `the checkpoints are an interval of ${doc.interval} tokens apart`);
    const { typing, deleting } = keystrokes(at, 'traveller');
    for (const [what, edits] of [['typed', typing], ['deleted', deleting]] as const) {
      for (const edit of edits) {
        const edited = text.slice(0, edit.at) + edit.typed + text.slice(edit.at + edit.cut);
        const next = editedTokens(edited, tokenizer, vocab, { text, tokens: doc.tokens });
        [text, doc] = [edited, new DocumentInference(model, next.tokens, doc, next.edit)];
        const screen = screenOf(doc, edit.at);
        const before = steps();
        assert.ok((await doc.unitValues(UNIT, screen.from, screen.to, NOT_CANCELLED, true))?.toArray());
        const read = steps() - before;
        assert.ok(read <= MOST_PER_KEY, `${what} at ${edit.at}: read ${read} tokens, at most ${MOST_PER_KEY} (the interval is ${doc.interval})`);
      }
      // the same text read from scratch, on another step model
      const fresh = new DocumentInference(stepModelFor(SAVED.checkpoint), documentTokens(text, tokenizer, vocab));
      const screen = screenOf(doc, at);
      const [got, want] = [(await doc.unitValues(UNIT, screen.from, screen.to, NOT_CANCELLED))?.toArray(), (await fresh.unitValues(UNIT, screen.from, screen.to, NOT_CANCELLED))?.toArray()];
      assert.ok(got && want);
      for (let t = screen.from; t < screen.to; t++) assert.ok(Math.abs(got[t] - want[t]) <= TOL, `${what}: the value at ${t} is ${got[t]}, from scratch ${want[t]}`);
      const [step, wantStep] = [await doc.stepAt(Math.min(doc.length - 1, at + 40), NOT_CANCELLED), await fresh.stepAt(Math.min(doc.length - 1, at + 40), NOT_CANCELLED)];
      assert.ok(step && wantStep);
      for (const [name, w] of Object.entries(wantStep.layers[1])) for (let u = 0; u < w.length; u++) assert.ok(Math.abs(step.layers[1][name][u] - w[u]) <= TOL, `${what}: the hover's ${name}[${u}]`);
    }
  });
}

test('editedTokens says what the versions share: at least that many ids are equal at both ends, and a version made with it reads as one made without', async () => {
  const { model } = counting(stepModelFor(SAVED.checkpoint));
  const base = TEXT.slice(0, 20_000);
  const v1 = new DocumentInference(model, documentTokens(base, tokenizer, vocab));
  (await v1.unitValues(UNIT, 0, v1.length, NOT_CANCELLED))?.toArray();
  for (const edited of [base.slice(0, 9_000) + 'Q' + base.slice(9_000), base.slice(0, 50) + base.slice(60), 'X' + base, base + 'Y\n', base.slice(0, 12_345) + LINE + base.slice(12_345)]) {
    const { tokens, edit } = editedTokens(edited, tokenizer, vocab, { text: base, tokens: v1.tokens });
    assert.deepEqual(plainTokens(tokens), plainTokens(documentTokens(edited, tokenizer, vocab)), 'the tokens of a read from scratch');
    const [a, b] = [v1.tokens.ids.toArray(), tokens.ids.toArray()];
    for (let i = 0; i < edit.kept; i++) assert.equal(a[i], b[i], `id ${i} at the start`);
    for (let k = 1; k <= edit.keptAtEnd; k++) assert.equal(a[a.length - k], b[b.length - k], `id ${k} from the end`);
    const [told, scanned] = [new DocumentInference(model, tokens, v1, edit), new DocumentInference(model, tokens, v1)];
    const [x, y] = [(await told.unitValues(UNIT, 0, told.length, NOT_CANCELLED))?.toArray(), (await scanned.unitValues(UNIT, 0, scanned.length, NOT_CANCELLED))?.toArray()];
    assert.deepEqual(x, y, `${edited.length} characters: the same values`);
  }
});
