import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D2L_TOKENIZER } from '../../src/core/text/tokenizer';
import { Vocab } from '../../src/core/text/vocab';
import { contextBefore, documentTokens, positionAt, tokenAt, tokensBefore } from '../../src/core/text/documentTokens';

const letters = Vocab.fromTokens('abcdefghijklmnopqrstuvwxyz ');

test('raw characters: one token a character, lines as VS Code counts them, unknown characters counted', () => {
  const vocab = Vocab.fromTokens('ab\n');
  const text = 'ab\r\nb€a\nλ€';
  const doc = documentTokens(text, { kind: 'chars', maxVocab: 10 }, vocab);
  assert.deepEqual([...doc.starts], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...doc.ends], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual([...doc.lineStarts], [0, 4, 8]);
  assert.deepEqual([...doc.lineEnds], [2, 7, 10]);
  assert.deepEqual(doc.unknown, { count: 4, examples: ['\r', '€', 'λ'] });
  assert.equal(doc.ids.at(5), 0, '€ is read as <unk>');
  assert.deepEqual(positionAt(doc, 5), { line: 1, character: 1 });
  assert.deepEqual(positionAt(doc, 10), { line: 2, character: 2 });
  assert.equal(tokenAt(doc, 5), 5);
});

test('d2l: a run of non-letters is one space spanning the run, dropped characters belong to no token', () => {
  const text = 'The  "Time", machine.\n--so';
  const doc = documentTokens(text, D2L_TOKENIZER, letters);
  // t h e ␣ t i m e ␣ m a c h i n e s o
  assert.equal(doc.ids.length, 18);
  assert.equal(doc.unknown.count, 0);
  const space = tokenAt(doc, 3);
  assert.equal(letters.tokenAt(doc.ids.at(space)), ' ');
  assert.deepEqual([doc.starts.at(space), doc.ends.at(space)], [3, 6], 'the space stands for `  "`');
  assert.equal(tokenAt(doc, 5), space);
  assert.equal(tokenAt(doc, 20), -1, 'the trailing "." is dropped by strip()');
  assert.equal(tokenAt(doc, 22), -1, 'so is the leading "--" of the next line');
  assert.equal(letters.tokenAt(doc.ids.at(tokenAt(doc, 24))), 's');
  assert.equal(tokensBefore(doc, 0), 0);
  assert.equal(tokensBefore(doc, text.length), 18);
});

test('d2l: the context before the cursor includes the space a run of non-letters will become', () => {
  const at = (text: string, offset = text.length) => {
    const doc = documentTokens(text, D2L_TOKENIZER, letters);
    const c = contextBefore(doc, text, offset, D2L_TOKENIZER, letters);
    return [c.count, c.pending.map((id) => letters.tokenAt(id)).join('')];
  };
  assert.deepEqual(at('the time, '), [8, ' '], 'd2l strips the run at the end of the line: the space is pending');
  assert.deepEqual(at('the time'), [8, '']);
  assert.deepEqual(at('the time\n'), [8, ''], 'lines join with nothing between them');
  assert.deepEqual(at('the time machine', 9), [9, ''], 'mid-line the space is already a token');
  assert.deepEqual(at('  '), [0, ''], 'no letter yet: nothing to read');
  const chars = documentTokens('ab ', { kind: 'chars', maxVocab: 5 }, letters);
  assert.deepEqual(contextBefore(chars, 'ab ', 3, { kind: 'chars', maxVocab: 5 }, letters), { count: 3, pending: [] });
});
