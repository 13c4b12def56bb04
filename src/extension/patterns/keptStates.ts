/**
 * The corpus states a pattern search runs on, read once and kept: by the current model's
 * revision on the fused engine (fused.wasm compiled once), per set of documents (their key,
 * chooseDocuments), until the model, the documents or the cap change. A read of other documents
 * stops the one in progress; a cancelled read is kept too (what it read stays searchable) until
 * a search asks to read again. vscode-free, so the unit tests read with the host's own code.
 */
import { compileFusedWasm } from '../../core/engine/fused/kernels/kernels';
import type { WasmModule } from '../../core/engine/fused/kernels/wasmApi';
import { FusedForward } from '../../core/engine/fused/infer/fusedForward';
import { readCorpusStates, type CorpusDocument, type CorpusRead, type ReadProgress } from '../../core/analysis/patterns/readCorpusStates';
import type { SavedModel } from '../../core/io/savedModel';
import { Vocab } from '../../core/text/vocab';

/**
 * Steps a chunk reads per document, between two yields to the extension host's event loop:
 * bench/patternsChunks.ts measures how long a chunk keeps the host busy at hidden 256, 16
 * documents side by side, against the 50 ms a host may block and still feel responsive. Here,
 * 2 shared cores: 64 steps take 14.5 ms (median), 26–44 ms at the longest; 128 steps reach the
 * 50 ms; the read's rate (about 68,000 characters/s) is the same from 16 steps up. The read's
 * set-up (tokenizing every document, allocating the columns) blocks once, about 170 ms for
 * 2,000,000 characters.
 */
export const HOST_CHUNK_STEPS = 64;

/** A model at one revision (the store's LoadedModel). */
export interface RevisedCheckpoint {
  readonly revision: number;
  readonly checkpoint: SavedModel;
}

export interface StatesRequest {
  /** Which documents at which versions (chooseDocuments' key): the same key, the same states. */
  readonly key: string;
  readonly documents: readonly CorpusDocument[];
  readonly maxChars: number;
  /** Read again even when the states of this key are kept. */
  readonly reread: boolean;
  /** Told after every chunk of a read this request started. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

interface Kept {
  readonly key: string;
  readonly read: Promise<CorpusRead>;
  readonly controller: AbortController;
}

export class KeptStates {
  private module: Promise<WasmModule> | undefined;
  private forward: { readonly revision: number; readonly forward: Promise<FusedForward> } | undefined;
  private kept: Kept | undefined;

  /** @param loadWasm fused.wasm's bytes (throws when it is missing: then no search can run) */
  constructor(private readonly loadWasm: () => Uint8Array) {}

  /** The states of `request.documents` read by `model`: the kept ones, or a new read (`fresh`). */
  states(model: RevisedCheckpoint, request: StatesRequest): { readonly read: Promise<CorpusRead>; readonly fresh: boolean } {
    const key = JSON.stringify([model.revision, request.maxChars, request.key]);
    if (this.kept?.key === key && !request.reread) return { read: this.kept.read, fresh: false };
    this.kept?.controller.abort();
    const controller = new AbortController();
    const { checkpoint } = model;
    const encoding = { tokenizer: checkpoint.tokenizer, vocab: new Vocab(checkpoint.vocab) };
    const read = this.forwardFor(model).then((forward) =>
      readCorpusStates(forward, encoding, request.documents, { maxChars: request.maxChars, onProgress: request.onProgress, signal: controller.signal, chunkSteps: HOST_CHUNK_STEPS }),
    );
    this.kept = { key, read, controller };
    // A failed read is not kept: the next search tries again.
    read.catch(() => {
      if (this.kept?.read === read) this.kept = undefined;
    });
    return { read, fresh: true };
  }

  /** Stops the read in progress (it ends with what it has read, and that is kept). */
  cancel(): void {
    this.kept?.controller.abort();
  }

  /** The fused forward of `model`'s revision, made once; the previous revision's is released. */
  private forwardFor(model: RevisedCheckpoint): Promise<FusedForward> {
    if (this.forward?.revision !== model.revision) {
      void this.forward?.forward.then((f) => f.dispose(), () => undefined);
      this.module ??= Promise.resolve().then(() => compileFusedWasm(this.loadWasm()));
      const { config, params } = model.checkpoint;
      this.forward = { revision: model.revision, forward: this.module.then((m) => FusedForward.fromModule(m, config, params)) };
    }
    return this.forward.forward;
  }

  dispose(): void {
    this.cancel();
    void this.forward?.forward.then((f) => f.dispose(), () => undefined);
    this.forward = undefined;
    this.kept = undefined;
  }
}
