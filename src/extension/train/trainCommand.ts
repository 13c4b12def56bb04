/**
 * LSTM Lens: Train LSTM. Asks what to train on, which preset and the model's name (or takes
 * them as arguments, for keybindings and tests), checks the text is long enough, and starts
 * the run. A second Train while one runs offers to stop the first.
 */
import * as vscode from 'vscode';
import { loadCorpus } from '../../core/text/corpus';
import type { Tokenizer } from '../../core/text/tokenizer';
import { checkCorpusLength } from '../../core/data/corpusLength';
import { PRESETS, type TrainPreset } from '../../core/train/trainPreset';
import type { Ctx } from '../ctx';
import { maxVocab, presetFromSettings, tokenizerSetting } from '../config';
import { CorpusError, CORPUS_SOURCE_KINDS, pickCorpusSource, readCorpus, type CorpusSourceKind, type CorpusText } from './corpusSource';
import type { TrainingController } from './trainingController';
import { errorText } from '../../core/util/errorText';

export type PresetChoice = 'd2l' | 'quick' | 'settings';

/** Optional arguments: any that are given skip their question. */
export interface TrainArgs {
  readonly source?: CorpusSourceKind;
  readonly preset?: PresetChoice;
  readonly modelName?: string;
  /** Overrides the preset's epoch count. */
  readonly epochs?: number;
}

export function parseArgs(raw: unknown): TrainArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const a = raw as Record<string, unknown>;
  return {
    source: CORPUS_SOURCE_KINDS.includes(a.source as CorpusSourceKind) ? (a.source as CorpusSourceKind) : undefined,
    preset: a.preset === 'd2l' || a.preset === 'quick' || a.preset === 'settings' ? a.preset : undefined,
    modelName: typeof a.modelName === 'string' && a.modelName.trim() ? a.modelName : undefined,
    epochs: typeof a.epochs === 'number' && Number.isInteger(a.epochs) && a.epochs > 0 ? a.epochs : undefined,
  };
}

async function pickPreset(): Promise<PresetChoice | undefined> {
  type Item = vscode.QuickPickItem & { preset: PresetChoice };
  const d = PRESETS.d2l;
  const q = PRESETS.quick;
  const items: Item[] = [
    { preset: 'd2l', label: 'd2l', description: vscode.l10n.t('the book’s run: LSTM, hidden {0}, {1} steps, batch {2}, lr {3}, {4} epochs', d.hiddenSize, d.numSteps, d.batchSize, d.lr, d.epochs) },
    { preset: 'quick', label: vscode.l10n.t('quick'), description: vscode.l10n.t('small texts: hidden {0}, {1} steps, batch {2}, {3} epochs', q.hiddenSize, q.numSteps, q.batchSize, q.epochs) },
    { preset: 'settings', label: vscode.l10n.t('from settings'), description: 'lstmLens.model.* · lstmLens.train.*' },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Train LSTM: preset'), ignoreFocusOut: true }))?.preset;
}

/** d2l's tokenizer for the d2l preset and for prose; raw characters for code. */
function tokenizerFor(preset: PresetChoice, corpus: CorpusText): Tokenizer {
  const setting = tokenizerSetting();
  const chars: Tokenizer = { kind: 'chars', maxVocab: maxVocab() };
  if (setting === 'd2l' || (setting === 'auto' && (preset === 'd2l' || corpus.kind === 'sample'))) return { kind: 'd2l' };
  if (setting === 'chars') return chars;
  return corpus.languageId === 'plaintext' ? { kind: 'd2l' } : chars;
}

function presetOf(choice: PresetChoice, epochs: number | undefined, corpus: CorpusText): TrainPreset {
  const base = choice === 'settings' ? presetFromSettings() : PRESETS[choice];
  // A sample from the corpus's own start reads better than "time traveller" on another text.
  const samplePrefix = corpus.kind === 'sample' ? 'time traveller' : base.samplePrefix;
  return { ...base, epochs: epochs ?? base.epochs, samplePrefix };
}

async function confirmStopRunning(ctrl: TrainingController): Promise<boolean> {
  const running = ctrl.runningModel();
  if (!running) return true;
  const stop = vscode.l10n.t('Stop It and Train');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} is still training. Stop it and start a new run?', running), { modal: true }, stop);
  if (answer !== stop) return false;
  const ended = new Promise<void>((resolve) => {
    const sub = ctrl.onDidEndRun(() => {
      sub.dispose();
      resolve();
    });
  });
  ctrl.stop();
  await ended;
  return true;
}

/** What a run trains on: the text read, the preset and the tokenizer, checked to fit one minibatch. */
export interface TrainingInput {
  readonly corpus: CorpusText;
  readonly preset: TrainPreset;
  readonly tokenizer: Tokenizer;
}

/**
 * Asks (or takes from `args`) the text and the preset, reads the text and checks it is long
 * enough for one minibatch; undefined when the user cancelled or the text cannot be used (the
 * message shown).
 */
export async function chooseTrainingInput(ctx: Ctx, args: TrainArgs): Promise<TrainingInput | undefined> {
  const source = args.source ?? (await pickCorpusSource());
  if (!source) return undefined;
  let corpus: CorpusText;
  try {
    corpus = await readCorpus(source, ctx.extension.extensionUri);
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof CorpusError ? e.message : vscode.l10n.t('LSTM Lens: cannot read the text: {0}', errorText(e)));
    return undefined;
  }
  const presetChoice = args.preset ?? (await pickPreset());
  if (!presetChoice) return undefined;
  try {
    const preset = presetOf(presetChoice, args.epochs, corpus);
    const tokenizer = tokenizerFor(presetChoice, corpus);
    // Fail here, with the minimum, rather than in the worker.
    const { corpus: ids } = loadCorpus(corpus.text, tokenizer);
    checkCorpusLength(ids.length, preset.batchSize, preset.numSteps);
    return { corpus, preset, tokenizer };
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: cannot train on {0}: {1}', corpus.label, errorText(e)));
    return undefined;
  }
}

/** The model name: `given` (a command argument), else asked for with `title` and `prompt`, the source's name suggested. */
export async function askModelName(given: string | undefined, suggested: string, title: string, prompt: string): Promise<string | undefined> {
  return (
    given ??
    vscode.window.showInputBox({
      title,
      ignoreFocusOut: true,
      value: suggested,
      prompt,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Give the model a name')),
    })
  );
}

/** The command; resolves to the run's id, or undefined when the user cancelled or it could not start. */
export function trainCommand(ctx: Ctx, ctrl: TrainingController) {
  return async (raw?: unknown): Promise<string | undefined> => {
    const args = parseArgs(raw);
    if (!(await confirmStopRunning(ctrl))) return undefined;
    const input = await chooseTrainingInput(ctx, args);
    if (!input) return undefined;
    const { corpus, preset, tokenizer } = input;
    const modelName = await askModelName(args.modelName, corpus.defaultName, vscode.l10n.t('Train LSTM: model name'), vscode.l10n.t('Saved in .lstm-lens/<name>/ of the workspace'));
    if (!modelName) return undefined;
    try {
      return await ctrl.start({ modelName, sourceLabel: corpus.label, text: corpus.text, tokenizer, preset, notice: corpus.notice });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: {0}', errorText(e)));
      return undefined;
    }
  };
}

export function stopTrainingCommand(ctrl: TrainingController) {
  return (): boolean => {
    const stopped = ctrl.stop();
    if (!stopped) void vscode.window.showInformationMessage(vscode.l10n.t('LSTM Lens: no training is running.'));
    return stopped;
  };
}
