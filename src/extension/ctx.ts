/** The one context every command and provider is made over (rust-analyzer's `Ctx`): it owns the activation's services. */
import type * as vscode from 'vscode';
import type { PatternQuery, PatternResult } from '../protocol/patterns';
import type { UnitsRanking, UnitsSource } from '../protocol/units';
import type { EditorServices } from './editor/editorServices';
import type { ModelStore } from './modelStore';
import type { PanelService } from './panelService';
import type { TrainingController } from './train/trainingController';

/** The host's side of the panel's Units view (units/unitsView.ts). */
export interface UnitsService {
  /** Opens the panel's Units view and ranks on `source`; resolves with what it shows. */
  rank(source: UnitsSource): Promise<UnitsRanking | undefined>;
}

/** The host's side of the panel's Patterns view (patterns/patternsView.ts). */
export interface PatternsService {
  /** Searches the training corpus and the open documents for the pattern and shows the matches in the panel; resolves with them. */
  search(query: PatternQuery): Promise<PatternResult | undefined>;
}

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly store: ModelStore;
  /** The window's one LSTM Lens panel and the events of what it says. */
  readonly panels: PanelService;
  readonly training: TrainingController;
  /** The inference cache and the colouring the editor features share. */
  readonly editor: EditorServices;
  readonly units: UnitsService;
  readonly patterns: PatternsService;
}
