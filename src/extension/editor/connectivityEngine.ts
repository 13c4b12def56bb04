/**
 * The current model's gradient connectivity engine (src/core/analysis/connectivity) on the
 * host, for the hover's "looked back at" line and the gate explorer: made once per model
 * revision from its weights. It needs fused.wasm (there is no TypeScript twin: the tf.js
 * reference is too slow for a hover); when that does not load, connectivity is unavailable and
 * `unavailable` says why. vscode-free.
 */
import { FusedConnectivity } from '../../core/analysis/connectivity/fusedConnectivity';
import type { SavedModel } from '../../core/io/savedModel';

export interface ConnectivitySource {
  readonly checkpoint: SavedModel;
  readonly revision: number;
}

export class ConnectivityEngine {
  private cached: { revision: number; engine: Promise<FusedConnectivity | undefined> } | undefined;
  /** Why the last engine could not be made, if it could not. */
  unavailable: string | undefined;

  constructor(
    private readonly current: () => ConnectivitySource | undefined,
    private readonly loadWasm: () => Uint8Array,
    private readonly onUnavailable: (reason: string) => void = () => undefined,
  ) {}

  /** The engine of the current model at `revision`; undefined when that model is not current any more or fused.wasm is missing. */
  async forRevision(revision: number): Promise<FusedConnectivity | undefined> {
    const model = this.current();
    if (!model || model.revision !== revision) return undefined;
    if (this.cached?.revision !== revision) {
      void this.cached?.engine.then((e) => e?.dispose());
      this.cached = { revision, engine: this.make(model.checkpoint) };
    }
    return this.cached.engine;
  }

  private async make(model: SavedModel): Promise<FusedConnectivity | undefined> {
    try {
      const engine = await FusedConnectivity.create(this.loadWasm(), model.config, model.params);
      this.unavailable = undefined;
      return engine;
    } catch (e) {
      this.unavailable = e instanceof Error ? e.message : String(e);
      this.onUnavailable(this.unavailable);
      return undefined;
    }
  }

  dispose(): void {
    void this.cached?.engine.then((e) => e?.dispose());
    this.cached = undefined;
  }
}
