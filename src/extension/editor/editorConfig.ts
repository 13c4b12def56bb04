/** Typed access to the editor features' `lstmLens.*` settings, with the defaults the manifest declares. */
import type { ContinuationOptions } from './continuation';
import { numberSetting, section } from '../settings';

/** `lstmLens.editor.languages`: the languages hovers and ghost text work in ("*": all). */
export function languageEnabled(languageId: string): boolean {
  const languages = section().get<string[]>('editor.languages', ['*']);
  return languages.includes('*') || languages.includes(languageId);
}

/** `lstmLens.hover.enabled`: gate heatmaps on hover. */
export function hoverEnabled(): boolean {
  return section().get<boolean>('hover.enabled', true);
}

/** `lstmLens.completions.enabled`: ghost-text continuations while typing. */
export function completionsEnabled(): boolean {
  return section().get<boolean>('completions.enabled', true);
}

/** `lstmLens.completions.maxFileChars`: ghost text is off in larger files. */
export function completionsMaxFileChars(): number {
  return numberSetting('completions.maxFileChars');
}

/** `lstmLens.completions.length`, `.temperature`, `.stopAtEndOfLine`, seeded by `seed`. */
export function completionOptions(seed: number): ContinuationOptions {
  const s = section();
  return {
    length: numberSetting('completions.length'),
    temperature: numberSetting('completions.temperature'),
    stopAtLineEnd: s.get<boolean>('completions.stopAtEndOfLine', true),
    seed,
  };
}

/** `lstmLens.units.maxChars`: how much of a file Find Interpretable Units reads (held to the manifest's bounds). */
export function unitsMaxChars(): number {
  return numberSetting('units.maxChars');
}
