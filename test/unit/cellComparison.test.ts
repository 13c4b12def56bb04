/**
 * Compare Cells' sequencing (src/extension/train/cellComparison.ts) over real training runs:
 * the core's runTraining on the fused engine trains each cell, and each model's memory-length
 * curve is measured from the checkpoint its run reported, as the host does from the store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNodeFusedEngine } from '../../src/core/engine/fused/train/nodeFusedEngine';
import { failingAfter } from '../../src/core/train/faultyEngine';
import { decodeCheckpoint, type Checkpoint } from '../../src/core/io/checkpoint';
import type { CellKind } from '../../src/core/model/config';
import { paramCount } from '../../src/core/model/paramSpec';
import { PRESETS, type TrainPreset } from '../../src/core/train/trainPreset';
import { runTraining, type CandidateSource } from '../../src/core/train/trainRun';
import type { Comparison } from '../../src/protocol/compare';
import { reportAsEvents, type TrainOutcome } from '../../src/protocol/training';
import { CellComparison, COMPARED_CELLS, type ComparisonSteps } from '../../src/extension/train/cellComparison';
import { memoryLengthOf } from '../../src/extension/train/memoryLength';
import { fusedWasm } from './fusedHelpers';

const TEXT = 'the time traveller (for so it will be convenient to speak of him) was expounding a recondite matter to us. '.repeat(8);
const PRESET: TrainPreset = { ...PRESETS.quick, hiddenSize: 12, numSteps: 8, batchSize: 4, epochs: 3, sampleLength: 0 };

interface Trial {
  /** Stops (as the panel's Stop does) the run of this cell once it has finished this many epochs. */
  readonly stopCell?: { readonly cell: CellKind; readonly afterEpochs: number };
  /** This cell's engine breaks after two minibatches, with no other engine to go on with. */
  readonly failCell?: CellKind;
  /** This cell's run cannot start (the host already runs another). */
  readonly refuseCell?: CellKind;
  /** Called as each cell's run starts, with the comparison. */
  readonly onStart?: (cell: CellKind, comparison: CellComparison) => void;
}

/** One comparison over real runs: what it ended as, every state it told, the cells trained and measured, and the checkpoints. */
async function compare(trial: Trial = {}) {
  const told: Comparison[] = [];
  const comparison = new CellComparison('c1', 'test text', PRESET, 'story', (c) => told.push(c));
  const checkpoints = new Map<string, Checkpoint>();
  const trained: CellKind[] = [];
  const measured: string[] = [];
  let runs = 0;
  const steps: ComparisonSteps = {
    train: async (preset, modelName, started) => {
      if (preset.cell === trial.refuseCell) throw new Error('A training run is already going (other).');
      trained.push(preset.cell);
      const runId = `run-${++runs}`;
      started(runId);
      trial.onStart?.(preset.cell, comparison);
      const candidates: CandidateSource = ({ config, params, optimizer }) => [
        {
          name: 'fused-wasm',
          create: async () => {
            const engine = await createNodeFusedEngine(config, params, optimizer, 1);
            return preset.cell === trial.failCell ? failingAfter(engine, 2) : engine;
          },
        },
      ];
      const signal = { aborted: false };
      let outcome: TrainOutcome = 'failed';
      const request = { runId, modelName, sourceLabel: 'test text', text: TEXT, tokenizer: { kind: 'chars', maxVocab: 100 } as const, preset, engine: 'auto' as const, checkpointEveryMs: 0, provenance: {} };
      await runTraining(request, candidates, {
        signal,
        report: reportAsEvents(runId, (ev) => {
          comparison.record(ev);
          if (ev.type === 'checkpoint') checkpoints.set(modelName, decodeCheckpoint(ev.checkpoint.manifestJson, ev.checkpoint.weights));
          if (ev.type === 'trainEpoch' && trial.stopCell?.cell === preset.cell && ev.epoch >= trial.stopCell.afterEpochs) signal.aborted = true;
          if (ev.type === 'trainEnded') outcome = ev.outcome;
        }),
      });
      return outcome;
    },
    measure: async (modelName) => {
      measured.push(modelName);
      const model = checkpoints.get(modelName);
      return model && memoryLengthOf(fusedWasm, model, TEXT);
    },
  };
  const ended = await comparison.run(steps);
  return { ended, told, trained, measured, checkpoints };
}

const byCell = (c: Comparison, cell: CellKind) => {
  const found = c.cells.find((x) => x.cell === cell);
  assert.ok(found, cell);
  return found;
};

test('RNN, GRU and LSTM train one after another with the same preset, each its own model, and each is measured', async () => {
  const { ended, told, trained, measured, checkpoints } = await compare();
  assert.deepEqual(trained, ['rnn', 'gru', 'lstm']);
  assert.deepEqual(COMPARED_CELLS, ['rnn', 'gru', 'lstm']);
  assert.equal(ended.phase, 'done');
  assert.deepEqual(measured, ['story-rnn', 'story-gru', 'story-lstm']);
  for (const cell of COMPARED_CELLS) {
    const c = byCell(ended, cell);
    const model = checkpoints.get(c.modelName);
    assert.ok(model, `${c.modelName} left a checkpoint`);
    assert.equal(model.config.cell, cell);
    assert.equal(model.config.hiddenSize, PRESET.hiddenSize);
    assert.equal(c.state, 'done');
    assert.equal(c.outcome, 'finished');
    assert.equal(c.runId, undefined, 'a run that ended has no id to stop');
    assert.equal(c.engine, 'fused-wasm');
    // What the comparison shows is what the run recorded in its model.
    assert.deepEqual(c.perplexities, model.metrics.map((m) => m.perplexity));
    assert.equal(c.tokensPerSec, model.metrics.at(-1)?.tokensPerSec);
    assert.equal(c.parameters, paramCount(model.config));
    assert.equal(c.parameters, [...model.params.values()].reduce((n, p) => n + p.length, 0));
    // The text is longer than the window, so every distance k = 1..200 is measured, and the gradient fades with distance.
    assert.equal(c.memory?.length, 200);
    // Far back an RNN's gradient can vanish below float32's range, to 0 (the log chart leaves those out).
    assert.ok(c.memory.every((m) => Number.isFinite(m) && m >= 0), `${cell}: every mean is a number ≥ 0`);
    assert.ok(c.memory[0] > 0);
    assert.ok(c.memory[0] > c.memory[199], `${cell}: connectivity at k = 1 (${c.memory[0]}) exceeds that at k = 200 (${c.memory[199]})`);
  }
  // The cells differ in size: a GRU has 3 weight sets, an LSTM 4, an RNN 1.
  const params = COMPARED_CELLS.map((cell) => byCell(ended, cell).parameters ?? 0);
  assert.ok(params[0] < params[1] && params[1] < params[2], `parameters ${params.join(' < ')}`);
  // While one trains, those after it wait; the phases go training → measuring → done.
  const whileGru = told.find((c) => byCell(c, 'gru').runId !== undefined);
  assert.ok(whileGru);
  assert.equal(byCell(whileGru, 'gru').state, 'training');
  assert.equal(byCell(whileGru, 'rnn').state, 'done');
  assert.equal(byCell(whileGru, 'lstm').state, 'queued');
  assert.equal(byCell(whileGru, 'gru').runId, 'run-2');
  const phases = told.map((c) => c.phase).filter((p, i, all) => p !== all[i - 1]);
  assert.deepEqual(phases, ['training', 'measuring', 'done']);
});

test('a stop during the second run stops the rest: the first model stays, the stopped one keeps its checkpoint, the third never starts', async () => {
  const { ended, trained, measured, checkpoints } = await compare({ stopCell: { cell: 'gru', afterEpochs: 1 } });
  assert.deepEqual(trained, ['rnn', 'gru']);
  assert.equal(byCell(ended, 'rnn').outcome, 'finished');
  assert.equal(byCell(ended, 'rnn').perplexities.length, PRESET.epochs);
  const gru = byCell(ended, 'gru');
  assert.equal(gru.outcome, 'stopped');
  assert.ok(gru.perplexities.length < PRESET.epochs, `stopped after ${gru.perplexities.length} of ${PRESET.epochs} epochs`);
  assert.equal(checkpoints.get('story-gru')?.metrics.length, gru.perplexities.length, "the stopped run's checkpoint holds its epochs");
  assert.equal(gru.memory?.length, 200);
  const lstm = byCell(ended, 'lstm');
  assert.equal(lstm.state, 'skipped');
  assert.equal(lstm.outcome, undefined);
  assert.equal(lstm.memory, undefined);
  assert.deepEqual(measured, ['story-rnn', 'story-gru'], 'only models that trained are measured');
  assert.equal(ended.phase, 'done');
});

test('Stop all before a run ends skips the cells after it, and the run goes on to its end', async () => {
  const { ended, trained } = await compare({ onStart: (cell, c) => cell === 'rnn' && c.stopAll() });
  assert.deepEqual(trained, ['rnn']);
  assert.equal(byCell(ended, 'rnn').outcome, 'finished');
  assert.deepEqual(ended.cells.map((c) => c.state), ['done', 'skipped', 'skipped']);
});

test('a run that fails does not stop the comparison: the next cell may still learn the text', async () => {
  const { ended, trained } = await compare({ failCell: 'gru' });
  assert.deepEqual(trained, ['rnn', 'gru', 'lstm']);
  assert.deepEqual(ended.cells.map((c) => c.outcome), ['finished', 'failed', 'finished']);
});

test('a run that cannot start fails, and the cells after it are skipped', async () => {
  const { ended, trained, measured } = await compare({ refuseCell: 'gru' });
  assert.deepEqual(trained, ['rnn']);
  assert.deepEqual(ended.cells.map((c) => [c.state, c.outcome]), [['done', 'finished'], ['done', 'failed'], ['skipped', undefined]]);
  // The one that never ran is asked for its curve, and has none (no checkpoint).
  assert.deepEqual(measured, ['story-rnn', 'story-gru']);
  assert.equal(byCell(ended, 'gru').memory, undefined);
});
