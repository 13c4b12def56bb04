/**
 * LSTM Lens: Generate. Continues from the selection (d2l's predict_ch8 with the selection as
 * the prefix, from the zero state) or from everything before the cursor, for a length and a
 * temperature picked in a QuickPick (greedy is predict_ch8's argmax), and inserts the text as
 * one undoable edit. Arguments `{ length, temperature }` skip the pickers.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { continueAt } from './continuation';
import { requireEditor, requireModel } from './editorServices';
import { InferenceCache } from './inferenceCache';

/** What Generate writes: how many characters, and how they are picked. */
export interface GenerateChoice {
  readonly length: number;
  /** 0: greedy. */
  readonly temperature: number;
}

const LENGTHS = [20, 50, 100, 200, 500];
const TEMPERATURES = [0, 0.5, 0.8, 1, 1.5];

function parseChoice(arg: unknown): Partial<GenerateChoice> {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const length = typeof a.length === 'number' && Number.isInteger(a.length) && a.length > 0 ? a.length : undefined;
  const temperature = typeof a.temperature === 'number' && a.temperature >= 0 ? a.temperature : undefined;
  return { length, temperature };
}

async function askChoice(given: Partial<GenerateChoice>): Promise<GenerateChoice | undefined> {
  const length =
    given.length ??
    (
      await vscode.window.showQuickPick(
        LENGTHS.map((n) => ({ label: vscode.l10n.t('{0} characters', n), n })),
        { title: vscode.l10n.t('Generate: length'), placeHolder: vscode.l10n.t('How many characters to generate') },
      )
    )?.n;
  if (length === undefined) return undefined;
  const temperature =
    given.temperature ??
    (
      await vscode.window.showQuickPick(
        TEMPERATURES.map((t) =>
          t === 0
            ? { label: vscode.l10n.t('Greedy'), description: vscode.l10n.t("always the most probable character (d2l's predict_ch8)"), t }
            : { label: vscode.l10n.t('Temperature {0}', t), description: t < 1 ? vscode.l10n.t('sampled, conservative') : vscode.l10n.t('sampled, adventurous'), t },
        ),
        { title: vscode.l10n.t('Generate: temperature') },
      )
    )?.t;
  return temperature === undefined ? undefined : { length, temperature };
}

/** lstmLens.generate [{length, temperature}]: resolves with the inserted text, or undefined. */
export function generateCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const services = ctx.editor;
    const editor = requireEditor();
    const handle = editor && requireModel(services);
    if (!editor || !handle) return undefined;
    const choice = await askChoice(parseChoice(arg));
    if (!choice) return undefined;
    const { document, selection } = editor;
    const version = document.version;
    const prefix = selection.isEmpty
      ? { entry: services.cache.get(document), offset: document.offsetAt(selection.active), at: selection.active }
      : { entry: InferenceCache.read('selection', version, document.getText(selection), handle), offset: document.getText(selection).length, at: selection.end };
    if (!prefix.entry) return undefined;
    const entry = prefix.entry;
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('LSTM Lens: generating…'), cancellable: true },
      (_progress, cancel) => continueAt(entry, prefix.offset, { ...choice, stopAtLineEnd: false, seed: Date.now() >>> 0 }, cancel),
    );
    if (text === undefined) return undefined;
    if (document.version !== version) {
      void vscode.window.showWarningMessage(vscode.l10n.t('LSTM Lens: the document changed while generating; nothing was inserted.'));
      return undefined;
    }
    if (text === '') {
      void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: nothing to continue from: the text before the cursor has no characters this model reads.'));
      return undefined;
    }
    const inserted = await editor.edit((edit) => edit.insert(prefix.at, text));
    return inserted ? text : undefined;
  };
}
