/**
 * The export as a Jupyter notebook (nbformat 4): a markdown heading and a code cell per
 * section of `pythonSections`, then the cells that train and save.
 */
import type { TrainPreset } from '../../train/trainPreset';
import { EXPORT_FILES, pythonSections, type ExportFileNames } from './pythonSources';

interface NotebookCell {
  readonly cell_type: 'markdown' | 'code';
  readonly metadata: Record<string, never>;
  readonly source: string[];
  readonly outputs?: never[];
  readonly execution_count?: null;
}

/** nbformat's multi-line string: the lines, each but the last keeping its '\n'. */
function sourceLines(text: string): string[] {
  return text.split('\n').map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));
}

function markdown(text: string): NotebookCell {
  return { cell_type: 'markdown', metadata: {}, source: sourceLines(text) };
}

function code(text: string): NotebookCell {
  return { cell_type: 'code', metadata: {}, source: sourceLines(text), outputs: [], execution_count: null };
}

/** The notebook's JSON text; it reads its files from the working directory (Jupyter's: the notebook's folder). */
export function notebookJson(modelName: string, preset: TrainPreset, files: ExportFileNames = EXPORT_FILES): string {
  const cells: NotebookCell[] = [
    markdown(
      `# ${modelName}\n\nExported from LSTM Lens: d2l's character-level model in plain PyTorch (no \`d2l\` package), ` +
        `starting from the weights in \`${files.weights}\` and training on \`${files.corpus}\`. ` +
        `The last cell writes \`${files.trained}\`, which LSTM Lens's Load Model reads.`,
    ),
    ...pythonSections(preset, 'Path.cwd()', files).flatMap((s) => [markdown(`## ${s.title}`), code(s.code)]),
    markdown('## Training'),
    code('perplexity = train_ch8(net, corpus, vocab, NUM_EPOCHS, device)'),
    code('save_model(net, OUT_FILE)'),
  ];
  const notebook = {
    nbformat: 4,
    nbformat_minor: 4, // 4.5 would require an id on every cell
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
    },
    cells,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
