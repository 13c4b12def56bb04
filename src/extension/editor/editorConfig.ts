/** Typed access to the editor features' `lstmLens.*` settings, with the defaults the manifest declares. */
import * as vscode from 'vscode';
import type { ContinuationOptions } from './continuation';

/** The manifest's maximum of `lstmLens.units.maxChars`: the ranking keeps six features per character read. */
const UNITS_MAX_CHARS_CAP = 1_000_000;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('lstmLens');
}

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
  return Math.max(0, section().get<number>('completions.maxFileChars', 100_000));
}

/** `lstmLens.completions.length`, `.temperature`, `.stopAtEndOfLine`, seeded by `seed`. */
export function completionOptions(seed: number): ContinuationOptions {
  const s = section();
  return {
    length: Math.max(1, Math.min(500, s.get<number>('completions.length', 40))),
    temperature: Math.max(0, s.get<number>('completions.temperature', 0)),
    stopAtLineEnd: s.get<boolean>('completions.stopAtEndOfLine', true),
    seed,
  };
}

/** `lstmLens.units.maxChars`: how much of a file Find Interpretable Units reads (held to the manifest's bounds). */
export function unitsMaxChars(): number {
  return Math.max(100, Math.min(UNITS_MAX_CHARS_CAP, section().get<number>('units.maxChars', 20_000)));
}
