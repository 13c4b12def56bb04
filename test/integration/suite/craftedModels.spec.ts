/**
 * Crafted models in the workspace's store, inside the real extension host: each is refused by
 * Load Model's loader with a message naming what is wrong, before anything large is allocated,
 * the current model stays as it was, and the host keeps answering.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LstmLensApi } from '../../../src/extension/main';
import { api, workspace } from './helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'editor', 'fox');

/** The fox model copied into the store as `name`, its manifest changed by `edit`. */
function crafted(name: string, edit: (manifest: Record<string, unknown>) => void): void {
  const dir = path.join(workspace(), '.lstm-lens', name);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  edit(manifest);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('LSTM Lens and crafted model files', () => {
  let lens: LstmLensApi;

  before(async () => {
    lens = await api();
  });

  after(() => {
    for (const name of ['layers', 'wide', 'vocab', 'fifo']) fs.rmSync(path.join(workspace(), '.lstm-lens', name), { recursive: true, force: true });
  });

  it('refuses each by name before allocating, keeps the current model, and the host keeps answering', async () => {
    const config = (over: object) => (m: Record<string, unknown>) => (m.config = { ...(m.config as object), ...over });
    crafted('layers', config({ numLayers: 1e7 }));
    crafted('wide', config({ hiddenSize: 1e6 }));
    crafted('vocab', (m) => ((m.vocab as string[])[2] = '![x](http://127.0.0.1:9/x.png)'));
    crafted('fifo', () => undefined);
    const weights = path.join(workspace(), '.lstm-lens', 'fifo', 'weights.bin');
    fs.rmSync(weights);
    execFileSync('mkfifo', [weights]);
    const before = lens.store.current()?.name;
    const cases: [string, RegExp][] = [
      ['layers', /numLayers is 10000000/],
      ['wide', /hiddenSize is 1000000/],
      ['vocab', /vocab\[2\]/],
      ['fifo', /weights\.bin.*named pipe \(FIFO\)/],
    ];
    for (const [name, message] of cases) {
      await assert.rejects(lens.store.load(name), message, name);
      assert.equal(lens.store.current()?.name, before, `${name} did not become the current model`);
    }
    // The host still runs commands: nothing hung or ran out of memory.
    await vscode.commands.executeCommand('lstmLens.clearColouring');
  });
});
