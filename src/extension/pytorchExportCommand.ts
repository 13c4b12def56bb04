/**
 * Export as Notebook and Export as torchrun Script: the current model, its training settings
 * and its corpus as a d2l-style notebook (opened with the notebook API) or a DDP script, written
 * with the weights' safetensors into a folder. Two commands rather than entries in Export
 * Model's format list, because they write a folder of files, not one file, and each is a step
 * a d2l reader looks for by name ("notebook", "torchrun") in the palette.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { writeFileAtomic } from '../core/io/durableFiles';
import { pytorchExportFiles, type PytorchExportKind } from '../core/io/pytorchExport/exportFiles';
import { errorText } from '../core/util/errorText';
import type { Ctx } from './ctx';
import type { LoadedModel } from './modelStore';
import { sampleCorpusUri } from './train/corpusSource';
import { CORPUS_FILE } from './train/trainingController';

/** The corpus kept beside the model (its training run's), or the sample corpus when there is none. */
async function corpusOf(ctx: Ctx, model: LoadedModel): Promise<{ text: string; isSample: boolean }> {
  try {
    return { text: await fs.readFile(path.join(ctx.store.dirOf(model.name), CORPUS_FILE), 'utf8'), isSample: false };
  } catch {
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(sampleCorpusUri(ctx.extension.extensionUri))), isSample: true };
  }
}

async function pickFolder(kind: PytorchExportKind): Promise<vscode.Uri | undefined> {
  const folders = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Export here'),
    title: kind === 'notebook' ? vscode.l10n.t('Export as Notebook: folder') : vscode.l10n.t('Export as torchrun Script: folder'),
  });
  return folders?.[0];
}

/**
 * lstmLens.exportNotebook / lstmLens.exportTorchrun [folder Uri]: writes the files into the
 * folder (asked for when not given) and opens the notebook or the script; resolves to the
 * opened file's URI, or undefined when nothing was written.
 */
export function exportPytorchCommand(kind: PytorchExportKind) {
  return (ctx: Ctx) =>
    async (arg?: unknown): Promise<vscode.Uri | undefined> => {
      const current = ctx.store.current();
      if (!current) {
        void vscode.window.showWarningMessage(vscode.l10n.t('LSTM Lens: no model is loaded. Train one or run Load Model first.'));
        return undefined;
      }
      const folder = arg instanceof vscode.Uri ? arg : await pickFolder(kind);
      if (!folder) return undefined;
      let opened: vscode.Uri;
      let isSample: boolean;
      try {
        const corpus = await corpusOf(ctx, current);
        isSample = corpus.isSample;
        const files = pytorchExportFiles(kind, current.name, current.checkpoint, current.checkpoint.training, corpus.text);
        await fs.mkdir(folder.fsPath, { recursive: true });
        for (const f of files) await writeFileAtomic(path.join(folder.fsPath, f.name), f.data);
        opened = vscode.Uri.joinPath(folder, files[0].name);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot export: {0}', errorText(e)));
        return undefined;
      }
      if (kind === 'notebook') {
        // Opens as a notebook document even where no Jupyter extension or kernel is installed.
        await vscode.window.showNotebookDocument(await vscode.workspace.openNotebookDocument(opened));
      } else {
        await vscode.window.showTextDocument(opened);
      }
      void vscode.window.showInformationMessage(
        isSample
          ? vscode.l10n.t('LSTM Lens: exported {0} to {1}. Its training text was not kept, so the export trains on the sample corpus.', current.name, folder.fsPath)
          : vscode.l10n.t('LSTM Lens: exported {0} to {1}.', current.name, folder.fsPath),
      );
      return opened;
    };
}
