/**
 * LSTM Lens: Compare Cells (d2l §10: RNN, GRU and LSTM on the same text). Picks the text and
 * the preset as Train LSTM does, then trains the three cells with that preset one after another
 * in the panel's worker (each its own stored model, `<base>-rnn`, `<base>-gru`, `<base>-lstm`),
 * measures each model's memory-length curve on the host, and keeps the panel's Compare view up
 * to date. It refuses, changing nothing, while a run or another comparison is going.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { loadFusedWasm } from '../../core/engine/fused/kernels/nodeLoader';
import { readCheckpointDir } from '../../core/io/checkpointFiles';
import { errorText } from '../../core/util/errorText';
import type { Comparison } from '../../protocol/compare';
import type { TrainOutcome } from '../../protocol/training';
import type { Ctx } from '../ctx';
import { modelLimits } from '../modelStore';
import { output } from '../output';
import { CellComparison, COMPARED_CELLS } from './cellComparison';
import { memoryLengthOf } from './memoryLength';
import { askModelName, chooseTrainingInput, parseArgs } from './trainCommand';
import type { TrainingController } from './trainingController';

type StartOptions = Parameters<TrainingController['start']>[0];

/** Starts a run and resolves with how it ended (an end that comes before start resolves is kept, not missed). */
async function runToEnd(ctrl: TrainingController, opts: StartOptions, started: (runId: string) => void): Promise<TrainOutcome> {
  const ends = new Map<string, TrainOutcome>();
  let waiting: { runId: string; resolve: (o: TrainOutcome) => void } | undefined;
  const sub = ctrl.onDidEndRun((r) => {
    if (waiting?.runId === r.runId) waiting.resolve(r.outcome);
    else ends.set(r.runId, r.outcome);
  });
  try {
    const runId = await ctrl.start(opts);
    started(runId);
    return await new Promise<TrainOutcome>((resolve) => {
      const early = ends.get(runId);
      if (early) resolve(early);
      else waiting = { runId, resolve };
    });
  } finally {
    sub.dispose();
  }
}

/** Lets a message posted just now leave before the host computes for seconds. */
const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Says why a comparison cannot start now (a run or another comparison is going), and whether it cannot. */
function refused(ctrl: TrainingController, going: CellComparison | undefined): boolean {
  const running = ctrl.runningModel();
  if (running) void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: {0} is still training: stop it before comparing cells.', running));
  else if (going) void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: a comparison of cells on {0} is still going.', going.sourceLabel));
  return running !== undefined || going !== undefined;
}

/** lstmLens.compareCells [TrainArgs]: resolves with the comparison as it ended, or undefined when it did not start. */
export function compareCellsCommand(ctx: Ctx) {
  let going: CellComparison | undefined;
  return async (raw?: unknown): Promise<Comparison | undefined> => {
    const ctrl = ctx.training;
    if (refused(ctrl, going)) return undefined;
    const args = parseArgs(raw);
    const input = await chooseTrainingInput(ctx, args);
    if (!input) return undefined;
    const { corpus, preset, tokenizer } = input;
    const base = await askModelName(
      args.modelName,
      corpus.defaultName,
      vscode.l10n.t('Compare Cells: model name'),
      vscode.l10n.t('Saved as <name>-{0} in .lstm-lens/ of the workspace', COMPARED_CELLS.join(', <name>-')),
    );
    if (!base) return undefined;
    // Another comparison or a run may have started while the questions were open.
    if (refused(ctrl, going)) return undefined;
    const comparison = new CellComparison(randomUUID(), corpus.label, preset, base.trim(), (c) => ctx.panels.postIfOpen({ type: 'showComparison', comparison: c }));
    going = comparison;
    ctx.panels.show({ preserveFocus: true });
    const events = ctrl.onTrainEvent((ev) => comparison.record(ev));
    let wasm: Uint8Array | undefined;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('LSTM Lens: comparing cells on {0}', corpus.label) }, () =>
        comparison.run({
          train: async (cellPreset, modelName, started) => {
            try {
              return await runToEnd(ctrl, { modelName, sourceLabel: corpus.label, text: corpus.text, tokenizer, preset: cellPreset, notice: cellPreset.cell === COMPARED_CELLS[0] ? corpus.notice : undefined }, started);
            } catch (e) {
              void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot train {0}: {1}', modelName, errorText(e)));
              throw e;
            }
          },
          measure: async (modelName) => {
            await yieldToHost();
            try {
              const model = await readCheckpointDir(ctx.store.dirOf(modelName), modelLimits());
              wasm ??= loadFusedWasm();
              return await memoryLengthOf(wasm, model, corpus.text);
            } catch (e) {
              // A run stopped before its first checkpoint left no model: its row says so, with no curve.
              output().warn(`Compare Cells: no memory-length curve for ${modelName}: ${errorText(e)}`);
              return undefined;
            }
          },
        }),
      );
    } finally {
      events.dispose();
      going = undefined;
    }
  };
}
