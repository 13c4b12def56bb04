/** Typed access to the `lstmLens.*` settings, with the defaults the manifest declares. */
import { type EngineChoice, type TrainFaults, ENGINE_CHOICES } from '../protocol/training';
import { PRESETS, validatePreset, type TrainPreset } from '../core/train/trainPreset';
import type { ReadingThresholds } from '../core/infer/gateReadings';

import { checkedNumberSetting, numberSetting, section } from './settings';

/** The gate explorer's thresholds for d2l's readings (lstmLens.explorer.readings.*). */
export function readingThresholds(): ReadingThresholds {
  return {
    forgets: numberSetting('explorer.readings.forgets'),
    ignoresInput: numberSetting('explorer.readings.ignoresInput'),
    hidesMemory: numberSetting('explorer.readings.hidesMemory'),
  };
}

/** How long the panel waits for the trainer worker to start before reporting a failure. */
export function workerTimeoutMs(): number {
  return numberSetting('worker.startTimeoutMs');
}

/** `lstmLens.debug.failEngineAfterBatches`: breaks a run's first engine on purpose, to try the fallback. */
export function faults(): TrainFaults | undefined {
  const after = numberSetting('debug.failEngineAfterBatches');
  return after > 0 ? { engineFailsAfterBatches: after } : undefined;
}

/** `lstmLens.backend`: the engine training uses, or `auto` for the fastest by a probe. */
export function engineChoice(): EngineChoice {
  const v = section().get<string>('backend', 'auto');
  return ENGINE_CHOICES.includes(v as EngineChoice) ? (v as EngineChoice) : 'auto';
}

/** The most characters one training run reads; a longer text is cut and the user told. */
export function maxCorpusChars(): number {
  return numberSetting('train.maxCorpusChars');
}

export function workspaceGlob(): string {
  return section().get<string>('train.workspaceGlob', '**/*.{txt,md}');
}

export function checkpointEveryMs(): number {
  return numberSetting('train.checkpointEverySeconds') * 1000;
}

/** `lstmLens.tokenizer`: 'auto' picks d2l's for prose and raw characters for code. */
export function tokenizerSetting(): 'auto' | 'd2l' | 'chars' {
  const v = section().get<string>('tokenizer', 'auto');
  return v === 'd2l' || v === 'chars' ? v : 'auto';
}

export function maxVocab(): number {
  return numberSetting('train.maxVocab');
}

/** The "from settings" preset: `lstmLens.model.*` and `lstmLens.train.*` over the quick preset. Throws on a bad value. */
export function presetFromSettings(): TrainPreset {
  const s = section();
  const base = PRESETS.quick;
  const preset: TrainPreset = {
    ...base,
    cell: s.get('model.cell', base.cell),
    hiddenSize: checkedNumberSetting('model.hiddenSize'),
    numLayers: checkedNumberSetting('model.numLayers'),
    numSteps: checkedNumberSetting('train.numSteps'),
    batchSize: checkedNumberSetting('train.batchSize'),
    optimizer: s.get('train.optimizer', base.optimizer),
    lr: s.get('train.lr', base.lr),
    clipTheta: s.get('train.clipTheta', base.clipTheta),
    epochs: checkedNumberSetting('train.epochs'),
    partition: s.get('train.partition', base.partition),
  };
  validatePreset(preset);
  return preset;
}
