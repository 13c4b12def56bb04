/**
 * The files of a PyTorch export, ready to write into one folder: the notebook or the torchrun
 * script, the current weights as safetensors beside it, and the corpus it trains on.
 */
import { exportTorchSafetensors } from '../torchSafetensors';
import type { SavedModel } from '../savedModel';
import { exportPreset } from './exportSettings';
import { notebookJson } from './notebook';
import { EXPORT_FILES } from './pythonSources';
import { torchrunScript } from './torchrunScript';

export type PytorchExportKind = 'notebook' | 'torchrun';

export interface ExportFile {
  /** The file's name in the export's folder. */
  readonly name: string;
  readonly data: Uint8Array | string;
}

/**
 * The files for `kind`; `training` is the checkpoint's record (the preset it was trained with),
 * `corpus` the text to train on. The first file is the one to open. Throws for a model PyTorch
 * cannot hold (a GRU), as exportTorchSafetensors does.
 */
export function pytorchExportFiles(kind: PytorchExportKind, modelName: string, model: SavedModel, training: Readonly<Record<string, unknown>>, corpus: string): ExportFile[] {
  const preset = exportPreset(training);
  const weights = exportTorchSafetensors(model);
  const main = kind === 'notebook'
    ? { name: EXPORT_FILES.notebook, data: notebookJson(modelName, preset) }
    : { name: EXPORT_FILES.script, data: torchrunScript(modelName, preset) };
  return [main, { name: EXPORT_FILES.weights, data: weights }, { name: EXPORT_FILES.corpus, data: corpus }];
}
