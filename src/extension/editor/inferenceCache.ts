/**
 * The per-document inference the editor features share, keyed by document version and model
 * revision: a hover asks for step t of the version it sees and gets the checkpoints every
 * earlier request left, instead of re-reading the whole file. A new version reuses the states
 * before its first changed token; a new model revision starts afresh. vscode-free (a document
 * is anything with a uri, a version and its text).
 */
import type { SavedModel } from '../../core/io/savedModel';
import type { StepModel } from '../../core/infer/stepModel';
import { editorStepModel } from './editorStepModel';
import type { Tokenizer } from '../../core/text/tokenizer';
import { Vocab } from '../../core/text/vocab';
import { DocumentInference } from '../../core/infer/document/documentInference';
import { UnknownChars, documentTokens, editedTokens } from '../../core/text/documentTokens';

/** The parts of a text document the cache needs (vscode.TextDocument has them). */
export interface VersionedText {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(): string;
}

/** The parts of a loaded model the cache needs (the ModelStore's LoadedModel has them). */
export interface RevisedModel {
  readonly name: string;
  readonly revision: number;
  readonly checkpoint: SavedModel;
}

/** The current model, ready to step. */
export interface ModelHandle {
  readonly name: string;
  readonly revision: number;
  readonly model: StepModel;
  readonly vocab: Vocab;
  readonly tokenizer: Tokenizer;
}

/** One document version read by one model revision. */
export interface DocumentEntry {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly handle: ModelHandle;
  readonly inference: DocumentInference;
}

/** Documents whose inference is kept; the least recently used goes first. */
const MAX_DOCUMENTS = 16;

export class InferenceCache {
  private handle: ModelHandle | undefined;
  private readonly entries = new Map<string, DocumentEntry>();

  /**
   * @param current the model to use now (undefined: none loaded)
   * @param onUnknownChars told when a document version has characters the vocabulary lacks
   * @param makeStepModel the engine a model steps on (the fused kernels where they load)
   */
  constructor(
    private readonly current: () => RevisedModel | undefined,
    private readonly onUnknownChars: (uri: string, unknown: UnknownChars, handle: ModelHandle) => void = () => undefined,
    private readonly makeStepModel: (model: SavedModel) => StepModel = editorStepModel,
  ) {}

  /** The current model ready to step, or undefined when none is loaded. */
  model(): ModelHandle | undefined {
    const m = this.current();
    if (!m) return undefined;
    if (this.handle?.revision !== m.revision) {
      const { checkpoint } = m;
      // A newer checkpoint of the same shape (every few seconds while training) reuses the model and its threads.
      const old = this.handle?.model;
      const reused = old?.reload?.(checkpoint.config, checkpoint.params) ? old : undefined;
      if (!reused) old?.dispose?.();
      const model = reused ?? this.makeStepModel(checkpoint);
      this.handle = { name: m.name, revision: m.revision, model, vocab: new Vocab(checkpoint.vocab), tokenizer: checkpoint.tokenizer };
      this.entries.clear();
    }
    return this.handle;
  }

  /** The inference for `doc` as it is now, or undefined when no model is loaded. */
  get(doc: VersionedText): DocumentEntry | undefined {
    const handle = this.model();
    if (!handle) return undefined;
    const uri = doc.uri.toString();
    const old = this.entries.get(uri);
    this.entries.delete(uri);
    if (old?.version === doc.version && old.handle === handle) {
      this.entries.set(uri, old);
      return old;
    }
    const entry = InferenceCache.read(uri, doc.version, doc.getText(), handle, old?.handle === handle ? old : undefined);
    if (entry.inference.tokens.unknown.count > 0) this.onUnknownChars(uri, entry.inference.tokens.unknown, handle);
    this.entries.set(uri, entry);
    if (this.entries.size > MAX_DOCUMENTS) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /**
   * A text that is not an open document (a selection to continue from), read from the zero state;
   * or a new version of `previous` (read by the same model), which lends its tokens and states.
   */
  static read(uri: string, version: number, text: string, handle: ModelHandle, previous?: DocumentEntry): DocumentEntry {
    if (!previous) return { uri, version, text, handle, inference: new DocumentInference(handle.model, documentTokens(text, handle.tokenizer, handle.vocab)) };
    const { tokens, edit } = editedTokens(text, handle.tokenizer, handle.vocab, { text: previous.text, tokens: previous.inference.tokens });
    return { uri, version, text, handle, inference: new DocumentInference(handle.model, tokens, previous.inference, edit) };
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets every document and releases the model's threads. */
  dispose(): void {
    this.entries.clear();
    this.handle?.model.dispose?.();
    this.handle = undefined;
  }
}
