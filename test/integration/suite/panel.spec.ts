/** The extension inside the real VS Code's extension host: activation, commands, the panel pipeline. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LstmLensApi } from '../../../src/extension/main';
import { api } from './helpers';
import type { BackendReport } from '../../../src/protocol/backends';

function nextReport(lens: LstmLensApi, timeoutMs: number): Promise<BackendReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no backend report within ${timeoutMs} ms`)), timeoutMs);
    const sub = lens.onBackendReport((r) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

describe('LSTM Lens in VS Code', () => {
  it('contributes every product command', async () => {
    await api();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['openPanel', 'train', 'stopTraining', 'exploreSelection', 'generate', 'colourByUnit', 'loadModel', 'exportModel']) {
      assert.ok(all.has(`lstmLens.${id}`), `lstmLens.${id} is registered`);
    }
  });

  it('opens the panel, starts the worker from a Blob and reports WebGL2, WASM and CPU', async () => {
    const lens = await api();
    const report = nextReport(lens, 80000);
    await vscode.commands.executeCommand('lstmLens.openPanel');
    const r = await report;
    const by = new Map(r.probes.map((p) => [p.backend, p]));
    assert.deepEqual([...by.keys()].sort(), ['cpu', 'wasm', 'webgl']);
    for (const p of r.probes) assert.equal(p.available, true, `${p.backend}: ${p.error ?? ''}`);
    assert.match(by.get('webgl')?.detail ?? '', /^WebGL2, /);
    assert.match(by.get('wasm')?.detail ?? '', /SIMD yes/);
    assert.ok((by.get('cpu')?.matmulMs ?? 0) > 0, 'the CPU backend ran a matmul');
    assert.deepEqual(lens.cspViolations(), [], 'the webview raised no CSP violation');
  });
});
