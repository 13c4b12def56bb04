/**
 * LSTM Lens: Colour Text by Unit (pick a layer and C or H, then a unit; or pass `{ layer,
 * kind, unit }`) and LSTM Lens: Clear Colouring.
 */
import * as vscode from 'vscode';
import { unitKinds, UnitKind, UnitRef } from '../../core/infer/unitFeatures';
import type { Ctx } from '../ctx';
import { requireEditor, requireModel } from './editorServices';
import type { ModelHandle } from './inferenceCache';
import { unitExists } from './unitColouring';

/** How a unit is named to the user: "layer 1 · H 42". */
export function unitLabel(ref: UnitRef): string {
  return vscode.l10n.t('layer {0} · {1} {2}', ref.layer + 1, ref.kind, ref.unit);
}

async function askUnit(handle: ModelHandle): Promise<UnitRef | undefined> {
  const { numLayers, hiddenSize, cell } = handle.model.config;
  const states = Array.from({ length: numLayers }, (_, layer) =>
    unitKinds(cell).map((kind: UnitKind) => ({
      label: vscode.l10n.t('Layer {0} · {1}', layer + 1, kind),
      description: kind === 'C' ? vscode.l10n.t('memory cell C, shown as tanh(C)') : vscode.l10n.t('hidden state H = O ⊙ tanh(C)'),
      layer,
      unitKind: kind,
    })),
  ).flat();
  const state = states.length === 1 ? states[0] : await vscode.window.showQuickPick(states, { title: vscode.l10n.t('Colour Text by Unit: state') });
  if (!state) return undefined;
  const unit = await vscode.window.showQuickPick(
    Array.from({ length: hiddenSize }, (_, u) => ({ label: String(u), u })),
    { title: vscode.l10n.t('Colour Text by Unit: unit of {0}', state.label), placeHolder: vscode.l10n.t('Unit number, 0 to {0}', hiddenSize - 1) },
  );
  return unit && { layer: state.layer, kind: state.unitKind, unit: unit.u };
}

function parseUnit(arg: unknown): UnitRef | undefined {
  const a = arg as Partial<UnitRef> | undefined;
  if (typeof a !== 'object' || a === null || !Number.isInteger(a.unit)) return undefined;
  return { layer: Number.isInteger(a.layer) ? (a.layer as number) : 0, kind: a.kind === 'C' ? 'C' : 'H', unit: a.unit as number };
}

/** Colours the active editor by `ref`, saying which unit it shows; resolves with the spans painted. */
export async function colourEditorBy(ctx: Pick<Ctx, 'editor'>, editor: vscode.TextEditor, ref: UnitRef): Promise<number> {
  const spans = await ctx.editor.colouring.colour(editor.document, ref);
  vscode.window.setStatusBarMessage(vscode.l10n.t('LSTM Lens: coloured by {0} (blue −, red +)', unitLabel(ref)), 8000);
  return spans;
}

/** lstmLens.colourByUnit [{layer, kind, unit}]: resolves with the unit and the spans painted. */
export function colourByUnitCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<{ unit: UnitRef; spans: number } | undefined> => {
    const editor = requireEditor();
    const handle = editor && requireModel(ctx.editor);
    if (!editor || !handle) return undefined;
    const given = parseUnit(arg);
    if (given && !unitExists(given, handle.model.config)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Lens: the model {0} has no {1}.', handle.name, unitLabel(given)));
      return undefined;
    }
    const unit = given ?? (await askUnit(handle));
    if (!unit) return undefined;
    return { unit, spans: await colourEditorBy(ctx, editor, unit) };
  };
}

/** lstmLens.clearColouring. */
export function clearColouringCommand(ctx: Ctx) {
  return (): void => ctx.editor.colouring.clear();
}
