/**
 * Load Model and Export Model. Load picks a stored model (`.lstm-lens/<name>/`), a checkpoint
 * folder or a PyTorch safetensors file; Export writes the native checkpoint folder or PyTorch
 * safetensors (nn.LSTM names and layout). Bad files get one clear message; nothing is changed.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { readCheckpointDir, writeCheckpointDir } from '../core/io/checkpointFiles';
import { exportTorchSafetensors } from '../core/io/torchSafetensors';
import type { Checkpoint } from '../core/io/checkpoint';
import type { Ctx } from './ctx';
import { modelLimits, type LoadedModel } from './modelStore';
import { readTorchSafetensorsFile } from '../core/io/torchSafetensorsFile';
import { errorText } from '../core/util/errorText';

/** A model from any file LSTM Lens reads: a checkpoint folder (or its manifest.json) or a .safetensors file. */
export async function readModelFile(fsPath: string): Promise<Checkpoint> {
  const stat = await fs.stat(fsPath);
  if (stat.isDirectory()) return readCheckpointDir(fsPath, modelLimits());
  if (path.basename(fsPath) === 'manifest.json') return readCheckpointDir(path.dirname(fsPath), modelLimits());
  if (fsPath.endsWith('.safetensors')) {
    const { model, notes } = await readTorchSafetensorsFile(fsPath, modelLimits());
    for (const note of notes) void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: {0}', note));
    return { ...model, training: { source: path.basename(fsPath) }, metrics: [] };
  }
  throw new Error(vscode.l10n.t('{0} is neither a checkpoint folder, a manifest.json nor a .safetensors file', path.basename(fsPath)));
}

function announce(m: LoadedModel): void {
  const { config } = m.checkpoint;
  void vscode.window.showInformationMessage(
    vscode.l10n.t('LSTM Lens: loaded {0} ({1}, hidden {2}, {3} layer(s), vocabulary {4}).', m.name, config.cell.toUpperCase(), config.hiddenSize, config.numLayers, config.vocabSize),
  );
}

/** lstmLens.loadModel [name | uri]: loads a stored model by name, a file by URI, or asks. */
export function loadModelCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<LoadedModel | undefined> => {
    try {
      if (typeof arg === 'string') {
        const m = await ctx.store.load(arg);
        announce(m);
        return m;
      }
      if (arg instanceof vscode.Uri) {
        const m = ctx.store.use(path.basename(arg.fsPath).replace(/\.safetensors$/, ''), await readModelFile(arg.fsPath));
        announce(m);
        return m;
      }
      const names = await ctx.store.list();
      type Item = vscode.QuickPickItem & { name?: string };
      const browse: Item = { label: `$(folder-opened) ${vscode.l10n.t('Browse for a checkpoint or safetensors file…')}` };
      const pick = await vscode.window.showQuickPick<Item>([...names.map((name) => ({ label: name, name, description: ctx.store.dirOf(name) })), browse], {
        title: vscode.l10n.t('Load Model'),
        placeHolder: names.length ? vscode.l10n.t('A stored model, or a file') : vscode.l10n.t('No stored models yet: train one, or browse for a file'),
      });
      if (!pick) return undefined;
      if (pick.name) {
        const m = await ctx.store.load(pick.name);
        announce(m);
        return m;
      }
      const files = await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: false,
        filters: { [vscode.l10n.t('Models')]: ['safetensors', 'json'] },
        title: vscode.l10n.t('Load Model'),
      });
      if (!files?.[0]) return undefined;
      const m = ctx.store.use(path.basename(files[0].fsPath).replace(/\.safetensors$/, ''), await readModelFile(files[0].fsPath));
      announce(m);
      return m;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot load the model: {0}', errorText(e)));
      return undefined;
    }
  };
}

export type ExportFormat = 'native' | 'safetensors';

/** lstmLens.exportModel [{format, uri}]: writes the current model; asks what is not given. */
export function exportModelCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const current = ctx.store.current();
    if (!current) {
      void vscode.window.showWarningMessage(vscode.l10n.t('LSTM Lens: no model is loaded. Train one or run Load Model first.'));
      return undefined;
    }
    const given = (typeof arg === 'object' && arg !== null ? arg : {}) as { format?: unknown; uri?: unknown };
    let format = given.format === 'native' || given.format === 'safetensors' ? given.format : undefined;
    if (!format) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'safetensors', format: 'safetensors' as const, description: vscode.l10n.t('PyTorch nn.LSTM state_dict (rnn.*, linear.*) with the vocabulary in its metadata') },
          { label: vscode.l10n.t('LSTM Lens checkpoint'), format: 'native' as const, description: vscode.l10n.t('a folder with manifest.json and weights.bin') },
        ],
        { title: vscode.l10n.t('Export Model: format') },
      );
      if (!pick) return undefined;
      format = pick.format;
    }
    let target = given.uri instanceof vscode.Uri ? given.uri : undefined;
    if (!target) {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = format === 'safetensors' ? `${current.name}.safetensors` : `${current.name}-checkpoint`;
      target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined, title: vscode.l10n.t('Export Model') });
      if (!target) return undefined;
    }
    try {
      if (format === 'safetensors') {
        const bytes = exportTorchSafetensors(current.checkpoint);
        await fs.writeFile(`${target.fsPath}.tmp`, bytes);
        await fs.rename(`${target.fsPath}.tmp`, target.fsPath);
      } else {
        await writeCheckpointDir(target.fsPath, current.checkpoint);
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: exported {0} to {1}.', current.name, target.fsPath));
      return target;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot export: {0}', errorText(e)));
      return undefined;
    }
  };
}
