/** The one door to the `lstmLens.*` settings: the section, and numbers read within their schema's bounds. */
import * as vscode from 'vscode';
import { NUMERIC_SETTINGS, boundedValue, inBounds, type NumericSetting } from './settingBounds';

export function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('lstmLens');
}

/** A numeric setting, clamped to its bounds (its default when it is not a number). */
export function numberSetting(key: NumericSetting): number {
  return boundedValue(key, section().get<unknown>(key));
}

/** A numeric setting whose out-of-range value is the user's error: throws a message naming the setting and its range. */
export function checkedNumberSetting(key: NumericSetting): number {
  const raw = section().get<unknown>(key, NUMERIC_SETTINGS[key].default);
  if (inBounds(key, raw)) return raw;
  const { min, max } = NUMERIC_SETTINGS[key];
  throw new Error(vscode.l10n.t('The setting lstmLens.{0} is {1}; it must be a number from {2} to {3}.', key, String(raw), String(min), String(max)));
}
