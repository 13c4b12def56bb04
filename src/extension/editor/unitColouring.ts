/**
 * Colours the visible text of a document by one unit's value after each character (Karpathy's
 * visualisation), with one decoration type per colour bucket, created once. Scrolling and
 * edits repaint after a short debounce; a repaint computes what is missing in slices, paints
 * as it goes, and gives way to the next one. Once painted, the values around the visible
 * lines are read in the background, so that scrolling repaints at once.
 */
import * as vscode from 'vscode';
import { unitKinds, UnitRef } from '../../core/infer/unitFeatures';
import type { ModelConfig } from '../../core/model/config';
import { BUCKET_COLOURS, bucketSpans, colouredTokens, LineSpan } from './colourBuckets';
import type { InferenceCache } from './inferenceCache';
import { prefetchUnitValues } from './unitPrefetch';

/** Quiet time after a scroll or an edit before repainting. */
const DEBOUNCE_MS = 100;
/** Tokens computed between two repaints of a cold range. */
const PIECE_TOKENS = 2000;

/** Whether `ref` names a unit of a model with this config. */
export function unitExists(ref: UnitRef, config: ModelConfig): boolean {
  return ref.layer >= 0 && ref.layer < config.numLayers && ref.unit >= 0 && ref.unit < config.hiddenSize && unitKinds(config.cell).includes(ref.kind);
}

export class UnitColouring implements vscode.Disposable {
  private types: vscode.TextEditorDecorationType[] | undefined;
  /** The unit each coloured document is coloured by, by URI. */
  private readonly selected = new Map<string, UnitRef>();
  private readonly timers = new Map<vscode.TextEditor, NodeJS.Timeout>();
  private readonly running = new Map<vscode.TextEditor, vscode.CancellationTokenSource>();
  /** The background read around each editor's painted lines. */
  private readonly prefetching = new Map<vscode.TextEditor, vscode.CancellationTokenSource>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly cache: InferenceCache) {
    this.disposables = [
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.schedule(e.textEditor)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e))),
      vscode.workspace.onDidChangeTextDocument((e) => this.editorsOf(e.document).forEach((ed) => this.schedule(ed))),
    ];
  }

  /** The unit `document` is coloured by, if any. */
  unitOf(document: vscode.TextDocument): UnitRef | undefined {
    return this.selected.get(document.uri.toString());
  }

  /** Colours `document` by `ref` in every visible editor; resolves with the spans painted. */
  async colour(document: vscode.TextDocument, ref: UnitRef): Promise<number> {
    const uri = document.uri.toString();
    const before = this.selected.get(uri);
    if (before) this.cache.get(document)?.inference.dropUnitValues(before);
    this.selected.set(uri, ref);
    const painted = await Promise.all(this.editorsOf(document).map((e) => this.paint(e)));
    return painted.reduce((a, b) => a + b, 0);
  }

  /** Removes every colouring. */
  clear(): void {
    for (const s of [...this.running.values(), ...this.prefetching.values()]) s.cancel();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      const ref = this.selected.get(editor.document.uri.toString());
      if (ref) this.cache.get(editor.document)?.inference.dropUnitValues(ref);
    }
    this.selected.clear();
    for (const editor of vscode.window.visibleTextEditors) for (const type of this.types ?? []) editor.setDecorations(type, []);
  }

  /** Repaints every coloured editor (the model changed). */
  refresh(): void {
    vscode.window.visibleTextEditors.forEach((e) => this.schedule(e));
  }

  private editorsOf(document: vscode.TextDocument): readonly vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document === document);
  }

  private schedule(editor: vscode.TextEditor): void {
    if (!this.selected.has(editor.document.uri.toString())) return;
    clearTimeout(this.timers.get(editor));
    this.timers.set(
      editor,
      setTimeout(() => {
        this.timers.delete(editor);
        void this.paint(editor);
      }, DEBOUNCE_MS),
    );
  }

  /** Computes and paints the visible ranges of `editor`; resolves with the spans painted (0 if overtaken). */
  private async paint(editor: vscode.TextEditor): Promise<number> {
    this.running.get(editor)?.cancel();
    this.prefetching.get(editor)?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running.set(editor, source);
    try {
      const document = editor.document;
      const ref = this.selected.get(document.uri.toString());
      const entry = this.cache.get(document);
      if (!ref || !entry) return 0;
      const types = this.decorationTypes();
      if (!unitExists(ref, entry.handle.model.config)) {
        this.selected.delete(document.uri.toString());
        types.forEach((type) => editor.setDecorations(type, []));
        return 0;
      }
      const { inference } = entry;
      const spans: LineSpan[][] = BUCKET_COLOURS.map(() => []);
      let first = inference.length;
      let last = 0;
      for (const visible of editor.visibleRanges) {
        const { from, to } = colouredTokens(inference.tokens, visible.start.line, visible.end.line);
        [first, last] = [Math.min(first, from), Math.max(last, to)];
        for (let piece = from; piece < to; piece += PIECE_TOKENS) {
          const end = Math.min(to, piece + PIECE_TOKENS);
          const values = await inference.unitValues(ref, piece, end, source.token, true); // on screen: keep the states a keystroke there starts from
          if (!values || source.token.isCancellationRequested || document.version !== entry.version) return 0;
          bucketSpans(inference.tokens, values, piece, end).forEach((b, i) => spans[i].push(...b));
          types.forEach((type, i) => editor.setDecorations(type, spans[i].map((s) => new vscode.Range(s.line, s.start, s.line, s.end))));
        }
      }
      if (first < last) this.prefetch(editor, (cancel) => prefetchUnitValues(inference, ref, first, last, cancel));
      return spans.reduce((a, b) => a + b.length, 0);
    } finally {
      if (this.running.get(editor) === source) this.running.delete(editor);
      source.dispose();
    }
  }

  /** Starts `read` in the background for `editor` (cancelled by its next paint or a clear). */
  private prefetch(editor: vscode.TextEditor, read: (cancel: vscode.CancellationToken) => Promise<void>): void {
    const source = new vscode.CancellationTokenSource();
    this.prefetching.set(editor, source);
    void read(source.token).finally(() => {
      if (this.prefetching.get(editor) === source) this.prefetching.delete(editor);
      source.dispose();
    });
  }

  private decorationTypes(): vscode.TextEditorDecorationType[] {
    this.types ??= BUCKET_COLOURS.map((id) => vscode.window.createTextEditorDecorationType({ backgroundColor: new vscode.ThemeColor(id), rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed }));
    return this.types;
  }

  dispose(): void {
    this.clear();
    for (const t of this.types ?? []) t.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
