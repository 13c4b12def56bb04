/** Train LSTM in the real VS Code: a run in the panel's worker, checkpoints, stop, resume, bad input. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LstmLensApi } from '../../../src/extension/main';
import { workspace, api, openFile } from './helpers';
import type { RunResult } from '../../../src/extension/train/trainingController';
import type { TrainEvent } from '../../../src/protocol/training';
import { readCheckpointDir } from '../../../src/core/io/checkpointFiles';
import { importTorchSafetensors } from '../../../src/core/io/torchSafetensors';

const TEXT = 'the time traveller for so it will be convenient to speak of him was expounding a recondite matter to us '.repeat(12);

function runEnd(lens: LstmLensApi, runId: string, timeoutMs = 120000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not end within ${timeoutMs} ms`)), timeoutMs);
    const sub = lens.onDidEndRun((r) => {
      if (r.runId !== runId) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

function firstEvent(lens: LstmLensApi, type: TrainEvent['type'], timeoutMs = 60000): Promise<TrainEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const sub = lens.onTrainEvent((e) => {
      if (e.type !== type) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

function collect(lens: LstmLensApi): { events: TrainEvent[]; dispose(): void } {
  const events: TrainEvent[] = [];
  const sub = lens.onTrainEvent((e) => events.push(e));
  return { events, dispose: () => sub.dispose() };
}

describe('Train LSTM', () => {
  it('trains the current file with the quick preset on the fused engine and saves a checkpoint that loads', async () => {
    const lens = await api();
    await openFile('story.txt', TEXT);
    const seen = collect(lens);
    const runId = await vscode.commands.executeCommand<string>('lstmLens.train', { source: 'file', preset: 'quick', modelName: 'story', epochs: 4 });
    assert.ok(runId, 'the run started');
    const end = await runEnd(lens, runId);
    seen.dispose();
    assert.equal(end.outcome, 'finished', end.message);
    const started = seen.events.find((e) => e.type === 'trainStarted');
    assert.ok(started && started.type === 'trainStarted');
    // Alone or with each batch split with a shard worker (fused-wasm-2w): the probe times the two
    // within a fraction of a millisecond a minibatch for the quick preset, so either may win.
    assert.match(started.engine, /^fused-wasm(-\d+w)?$/, 'auto picks the fused engine in the webview worker');
    assert.ok(started.skipped.some((s) => s.engine === 'tfjs-webgl' && /software renderer/.test(s.reason)), JSON.stringify(started.skipped));
    const epochs = seen.events.filter((e) => e.type === 'trainEpoch');
    assert.equal(epochs.length, 4);
    const dir = path.join(workspace(), '.lstm-lens', 'story');
    const weightsFile = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { weightsFile: string }).weightsFile;
    for (const f of ['manifest.json', weightsFile, 'corpus.txt']) assert.ok(fs.existsSync(path.join(dir, f)), `${f} is saved`);
    const ckpt = await readCheckpointDir(dir);
    assert.equal(ckpt.metrics.length, 4);
    assert.ok(ckpt.metrics[3].perplexity < ckpt.metrics[0].perplexity, `perplexity falls: ${ckpt.metrics.map((m) => m.perplexity.toFixed(2)).join(' → ')}`);
    assert.equal(lens.store.current()?.name, 'story', 'the host reloaded the newest checkpoint');
    assert.match(lens.statusBarText() ?? '', /story/);
  });

  it('stops on request, keeps the checkpoint, and resumes from it', async () => {
    const lens = await api();
    await openFile('long.txt', TEXT);
    const runId = await vscode.commands.executeCommand<string>('lstmLens.train', { source: 'file', preset: 'quick', modelName: 'long', epochs: 100000 });
    assert.ok(runId);
    const ended = runEnd(lens, runId);
    await firstEvent(lens, 'trainEpoch');
    assert.equal(await vscode.commands.executeCommand('lstmLens.stopTraining'), true);
    const end = await ended;
    assert.equal(end.outcome, 'stopped');
    const dir = path.join(workspace(), '.lstm-lens', 'long');
    const done = (await readCheckpointDir(dir)).metrics.length;
    assert.ok(done >= 1 && done < 100000, `${done} epochs were saved`);

    const resumed = firstEvent(lens, 'trainStarted');
    const runId2 = await vscode.commands.executeCommand<string>('lstmLens.resumeTraining', 'long');
    assert.ok(runId2);
    const started = await resumed;
    assert.ok(started.type === 'trainStarted' && started.history.length === done, 'the resumed run starts from the saved epochs');
    const ended2 = runEnd(lens, runId2);
    await firstEvent(lens, 'trainEpoch');
    await vscode.commands.executeCommand('lstmLens.stopTraining');
    assert.equal((await ended2).outcome, 'stopped');
    assert.ok((await readCheckpointDir(dir)).metrics.length > done);
  });

  it('refuses empty, binary and too-short texts without creating a model', async () => {
    const cases: [string, string][] = [
      ['empty.txt', '   \n\n'],
      ['short.txt', 'too short to fill one minibatch'],
    ];
    for (const [name, content] of cases) {
      await openFile(name, content);
      const runId = await vscode.commands.executeCommand('lstmLens.train', { source: 'file', preset: 'quick', modelName: `bad-${name}` });
      assert.equal(runId, undefined, `${name} is refused`);
      assert.ok(!fs.existsSync(path.join(workspace(), '.lstm-lens', `bad-${name}`)), `${name} made no model folder`);
    }
    // VS Code will not open a binary file as text, so binary files arrive through the workspace source.
    fs.writeFileSync(path.join(workspace(), 'data.bin'), new Uint8Array([0, 1, 2, 0, 255, 0, 7, 0, 0, 3]));
    const settings = vscode.workspace.getConfiguration('lstmLens');
    await settings.update('train.workspaceGlob', '**/*.bin', vscode.ConfigurationTarget.Workspace);
    try {
      const runId = await vscode.commands.executeCommand('lstmLens.train', { source: 'workspace', preset: 'quick', modelName: 'bad-binary' });
      assert.equal(runId, undefined, 'binary files are refused');
      assert.ok(!fs.existsSync(path.join(workspace(), '.lstm-lens', 'bad-binary')));
    } finally {
      await settings.update('train.workspaceGlob', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('loads a stored model, exports it as PyTorch safetensors, and refuses a corrupt one', async () => {
    const lens = await api();
    const loaded = await vscode.commands.executeCommand<{ name: string }>('lstmLens.loadModel', 'story');
    assert.equal(loaded?.name, 'story');
    const out = vscode.Uri.file(path.join(workspace(), 'story.safetensors'));
    await vscode.commands.executeCommand('lstmLens.exportModel', { format: 'safetensors', uri: out });
    const back = importTorchSafetensors(new Uint8Array(fs.readFileSync(out.fsPath)));
    assert.equal(back.config.hiddenSize, lens.store.current()?.checkpoint.config.hiddenSize);
    assert.deepEqual(back.vocab, lens.store.current()?.checkpoint.vocab);

    const corrupt = path.join(workspace(), '.lstm-lens', 'corrupt');
    fs.mkdirSync(corrupt, { recursive: true });
    fs.copyFileSync(path.join(workspace(), '.lstm-lens', 'story', 'manifest.json'), path.join(corrupt, 'manifest.json'));
    fs.writeFileSync(path.join(corrupt, 'weights.bin'), new Uint8Array(100));
    assert.equal(await vscode.commands.executeCommand('lstmLens.loadModel', 'corrupt'), undefined);
    assert.equal(lens.store.current()?.name, 'story', 'a corrupt file does not replace the loaded model');
  });

  it('stops a diverging run with a clear error and keeps the last good weights', async () => {
    const lens = await api();
    await openFile('diverge.txt', TEXT);
    const settings = vscode.workspace.getConfiguration('lstmLens');
    await settings.update('train.lr', 1e38, vscode.ConfigurationTarget.Workspace);
    await settings.update('train.clipTheta', 1e38, vscode.ConfigurationTarget.Workspace);
    try {
      const runId = await vscode.commands.executeCommand<string>('lstmLens.train', { source: 'file', preset: 'settings', modelName: 'diverge', epochs: 50 });
      assert.ok(runId);
      const end = await runEnd(lens, runId);
      assert.equal(end.outcome, 'diverged');
      assert.match(end.message ?? '', /diverged.*last complete epoch/);
      const ckpt = await readCheckpointDir(path.join(workspace(), '.lstm-lens', 'diverge'));
      for (const [name, v] of ckpt.params) assert.ok(v.every(Number.isFinite), `${name} is finite`);
    } finally {
      await settings.update('train.lr', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('train.clipTheta', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('cuts a text over the size cap and trains on its first part', async () => {
    const lens = await api();
    await openFile('big.txt', TEXT.repeat(4));
    const settings = vscode.workspace.getConfiguration('lstmLens');
    await settings.update('train.maxCorpusChars', 2000, vscode.ConfigurationTarget.Workspace);
    try {
      const runId = await vscode.commands.executeCommand<string>('lstmLens.train', { source: 'file', preset: 'quick', modelName: 'big', epochs: 1 });
      assert.ok(runId);
      assert.equal((await runEnd(lens, runId)).outcome, 'finished');
      const corpus = fs.readFileSync(path.join(workspace(), '.lstm-lens', 'big', 'corpus.txt'), 'utf8');
      assert.equal(corpus.length, 2000);
    } finally {
      await settings.update('train.maxCorpusChars', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('ends the run when the panel closes mid-run and keeps its checkpoint', async () => {
    const lens = await api();
    await openFile('closing.txt', TEXT);
    const runId = await vscode.commands.executeCommand<string>('lstmLens.train', { source: 'file', preset: 'quick', modelName: 'closing', epochs: 100000 });
    assert.ok(runId);
    const ended = runEnd(lens, runId);
    await firstEvent(lens, 'checkpoint');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const end = await ended;
    assert.equal(end.outcome, 'stopped');
    assert.match(end.message ?? '', /panel was closed/);
    assert.ok((await readCheckpointDir(path.join(workspace(), '.lstm-lens', 'closing'))).metrics.length >= 1);
  });
});
