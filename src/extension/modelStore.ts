/**
 * Where models live: `.lstm-lens/<model>/` in the first workspace folder (global storage when
 * no folder is open), one checkpoint directory each (manifest.json + weights.bin, written
 * atomically by core/io). It also holds the *current* model, the one hovers, completions,
 * generation and the explorer use, and tells listeners when it changes. The current model's
 * name is remembered per workspace, so a window reload brings it back (restore()).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import type { Checkpoint } from '../core/io/checkpoint';
import { readCheckpointDir, writeCheckpointDir } from '../core/io/checkpointFiles';
import type { ModelLimits } from '../core/io/modelLimits';
import { numberSetting } from './settings';

/** The limits the `lstmLens.model.maxParameters` setting puts on a model being loaded. */
export function modelLimits(): ModelLimits {
  return { maxParameters: numberSetting('model.maxParameters') };
}

/** A model loaded in the host, with where it came from. */
export interface LoadedModel {
  /** The model's name (its folder's name in the store, or the file's base name). */
  readonly name: string;
  /** Its checkpoint directory, when it lives in the store. */
  readonly dir?: string;
  readonly checkpoint: Checkpoint;
  /** Increases with every (re)load, so caches keyed on it drop stale states. */
  readonly revision: number;
}

export const STORE_FOLDER = '.lstm-lens';

/** The workspace-state key of the current stored model's name. */
const CURRENT_KEY = 'lstmLens.currentModel';

/** A name usable as a folder: letters, digits, dot, dash and underscore. */
export function safeModelName(name: string): string {
  const cleaned = name.trim().replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned.slice(0, 64) || 'model';
}

export class ModelStore implements vscode.Disposable {
  private loaded: LoadedModel | undefined;
  private revision = 0;
  private readonly changed = new vscode.EventEmitter<LoadedModel | undefined>();
  /** Fires after the current model changes (a load, a newer checkpoint, a clear). */
  readonly onDidChangeModel = this.changed.event;

  constructor(
    private readonly globalStorage: vscode.Uri,
    private readonly memory?: vscode.Memento,
  ) {}

  /**
   * Loads the model that was current when the window last closed, if it is still in the store
   * and nothing is current yet; resolves with it. A model that no longer loads is forgotten.
   * Nothing is read in an untrusted workspace: its model files (anyone's) load only when the user
   * asks (Load Model) or trusts the workspace.
   */
  restore(): Promise<LoadedModel | undefined> {
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    this.restoring ??= this.restoreOnce();
    return this.restoring;
  }

  private restoring: Promise<LoadedModel | undefined> | undefined;

  private async restoreOnce(): Promise<LoadedModel | undefined> {
    const name = this.memory?.get<string>(CURRENT_KEY);
    if (!name || this.loaded) return undefined;
    try {
      const checkpoint = await readCheckpointDir(this.dirOf(name), modelLimits());
      return this.loaded ? undefined : this.setCurrent({ name: safeModelName(name), dir: this.dirOf(name), checkpoint });
    } catch {
      void this.memory?.update(CURRENT_KEY, undefined);
      return undefined;
    }
  }

  /** The folder holding every model directory. */
  root(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? path.join(folder.uri.fsPath, STORE_FOLDER) : path.join(this.globalStorage.fsPath, 'models');
  }

  dirOf(name: string): string {
    return path.join(this.root(), safeModelName(name));
  }

  current(): LoadedModel | undefined {
    return this.loaded;
  }

  /** Names of the stored models that have a manifest, newest first. */
  async list(): Promise<string[]> {
    const root = this.root();
    let names: string[];
    try {
      names = await fs.readdir(root);
    } catch {
      return [];
    }
    const withTimes = await Promise.all(
      names.map(async (n) => {
        try {
          const st = await fs.stat(path.join(root, n, 'manifest.json'));
          return { n, t: st.mtimeMs };
        } catch {
          return undefined;
        }
      }),
    );
    return withTimes.filter((x): x is { n: string; t: number } => x !== undefined).sort((a, b) => b.t - a.t).map((x) => x.n);
  }

  /**
   * Writes a checkpoint for `name` atomically and makes it the current model, so hovers,
   * completions and the explorer use the newest weights of the model being trained.
   */
  async save(name: string, checkpoint: Checkpoint): Promise<string> {
    const dir = this.dirOf(name);
    await writeCheckpointDir(dir, checkpoint);
    this.setCurrent({ name: safeModelName(name), dir, checkpoint });
    return dir;
  }

  /** Loads a stored model by name and makes it current; errors name the folder and the fault. */
  async load(name: string): Promise<LoadedModel> {
    const dir = this.dirOf(name);
    const checkpoint = await readCheckpointDir(dir, modelLimits());
    return this.setCurrent({ name: safeModelName(name), dir, checkpoint });
  }

  /** Makes a model read from elsewhere (a safetensors or checkpoint file) current. */
  use(name: string, checkpoint: Checkpoint, dir?: string): LoadedModel {
    return this.setCurrent({ name, dir, checkpoint });
  }

  clear(): void {
    this.loaded = undefined;
    void this.memory?.update(CURRENT_KEY, undefined);
    this.changed.fire(undefined);
  }

  private setCurrent(m: Omit<LoadedModel, 'revision'>): LoadedModel {
    this.loaded = { ...m, revision: ++this.revision };
    // Only a stored model can be found again by name after a reload.
    if (this.memory?.get(CURRENT_KEY) !== (m.dir ? m.name : undefined)) void this.memory?.update(CURRENT_KEY, m.dir ? m.name : undefined);
    this.changed.fire(this.loaded);
    return this.loaded;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
