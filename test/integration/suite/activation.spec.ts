/** Runs first (files run in name order): nothing has touched the extension yet. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('LSTM Lens activation', () => {
  it('is not active before one of its commands, providers or panels is used (lazy activation)', () => {
    const ext = vscode.extensions.getExtension('lstm-lens.lstm-lens');
    assert.ok(ext, 'the extension is installed');
    assert.equal(ext.isActive, false);
  });
});
