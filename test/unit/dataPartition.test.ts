import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchesPerEpoch, minibatches, Partition, PARTITIONS } from '../../src/core/data/partition';
import { minimumCorpusLength } from '../../src/core/data/corpusLength';
import type { Minibatch } from '../../src/core/data/minibatch';
import { Rng } from '../../src/core/util/rng';

/** A corpus whose token at position p is p, so a minibatch shows where it was cut. */
const positions = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function rows(b: Minibatch, which: 'inputs' | 'targets'): number[][] {
  return Array.from({ length: b.batchSize }, (_, r) => Array.from(b[which].subarray(r * b.numSteps, (r + 1) * b.numSteps)));
}

test('both partitions: targets are the inputs shifted by one, windows are contiguous and inside the corpus', () => {
  const corpus = positions(1000);
  for (const partition of PARTITIONS) {
    const batches = [...minibatches(corpus, partition, 4, 7, new Rng(1))];
    assert.ok(batches.length > 0);
    for (const b of batches) {
      assert.equal(b.inputs.length, 4 * 7);
      assert.deepEqual(b.targets, b.inputs.map((p) => p + 1));
      for (const row of rows(b, 'inputs')) row.forEach((p, t) => assert.equal(p, row[0] + t));
      assert.ok(Math.max(...b.targets) < corpus.length);
    }
  }
});

test('sequential: row r of minibatch k+1 continues row r of minibatch k, and the count is d2l\'s', () => {
  const corpus = positions(1000);
  const [batchSize, numSteps] = [4, 7];
  for (let seed = 0; seed < 20; seed++) {
    const epoch = minibatches(corpus, 'sequential', batchSize, numSteps, new Rng(seed));
    const batches = [...epoch];
    const offset = batches[0].inputs[0]; // random.randint(0, num_steps)
    assert.ok(offset >= 0 && offset <= numSteps);
    // num_batches = ((len - offset - 1) // batch_size) // num_steps
    assert.equal(batches.length, Math.floor(Math.floor((corpus.length - offset - 1) / batchSize) / numSteps));
    assert.equal(epoch.count, batches.length);
    for (let k = 0; k + 1 < batches.length; k++) {
      const [now, next] = [rows(batches[k], 'inputs'), rows(batches[k + 1], 'inputs')];
      now.forEach((row, r) => assert.equal(next[r][0], row[numSteps - 1] + 1));
    }
  }
});

test('random: subsequences start at the offset plus multiples of numSteps, never overlap, and the count is d2l\'s', () => {
  const corpus = positions(1000);
  const [batchSize, numSteps] = [3, 10];
  const offsets = new Set<number>();
  for (let seed = 0; seed < 30; seed++) {
    const epoch = minibatches(corpus, 'random', batchSize, numSteps, new Rng(seed));
    const starts = [...epoch].flatMap((b) => rows(b, 'inputs').map((row) => row[0]));
    const offset = starts[0] % numSteps;
    offsets.add(offset);
    assert.ok(starts.every((s) => s % numSteps === offset));
    assert.equal(new Set(starts).size, starts.length); // distinct starts a multiple of numSteps apart: no overlap
    const numSubseqs = Math.floor((corpus.length - offset - 1) / numSteps);
    assert.equal(starts.length, Math.floor(numSubseqs / batchSize) * batchSize);
    assert.equal(epoch.count * batchSize, starts.length);
  }
  assert.ok(offsets.size > 1 && Math.max(...offsets) <= numSteps - 1); // random.randint(0, num_steps - 1)
});

test('random: the order of subsequences is shuffled and reproducible from the seed', () => {
  const corpus = positions(2000);
  const firstColumn = (seed: number) => [...minibatches(corpus, 'random', 2, 5, new Rng(seed))].map((b) => b.inputs[0]);
  assert.deepEqual(firstColumn(7), firstColumn(7));
  assert.notDeepEqual(firstColumn(7), firstColumn(8));
  const starts = firstColumn(7);
  assert.notDeepEqual(starts, [...starts].sort((a, b) => a - b));
});

test('batchesPerEpoch is what every epoch yields at least, and at most one fewer than some epoch', () => {
  for (const partition of PARTITIONS) {
    for (const length of [500, 997, 1234]) {
      const expected = batchesPerEpoch(length, partition, 4, 9);
      const counts = new Set(Array.from({ length: 40 }, (_, seed) => minibatches(positions(length), partition, 4, 9, new Rng(seed)).count));
      assert.ok([...counts].every((c) => c === expected || c === expected + 1), `${partition} ${length}: ${[...counts]} vs ${expected}`);
      assert.ok(counts.has(expected));
    }
  }
});

test('a corpus of minimumCorpusLength tokens always gives a minibatch; one token fewer is refused by name', () => {
  const [batchSize, numSteps] = [5, 8];
  const minimum = minimumCorpusLength(batchSize, numSteps);
  assert.equal(minimum, 8 * 6 + 1);
  for (const partition of ['random', 'sequential'] as Partition[]) {
    for (let seed = 0; seed < 40; seed++) {
      assert.ok(minibatches(positions(minimum), partition, batchSize, numSteps, new Rng(seed)).count >= 1);
    }
    assert.throws(
      () => minibatches(positions(minimum - 1), partition, batchSize, numSteps, new Rng(0)),
      /corpus has 48 tokens, too short for batch size 5 × 8 steps: it needs at least 49 tokens/,
    );
  }
  assert.throws(() => minimumCorpusLength(0, 8), /Batch size must be a positive integer, got 0/);
  assert.throws(() => minimumCorpusLength(2, 1.5), /Number of steps must be a positive integer, got 1.5/);
});
