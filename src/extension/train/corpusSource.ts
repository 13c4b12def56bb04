/**
 * What Train LSTM reads: the current file, the selection, workspace files matching a glob
 * (up to a size cap), or the bundled sample corpus (d2l's *The Time Machine*). Each source
 * comes back as text with a label, a default model name, and a notice when it was cut.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { unusableTextReason } from '../../core/text/textCheck';
import { maxCorpusChars, workspaceGlob } from '../config';

export type CorpusSourceKind = 'file' | 'selection' | 'workspace' | 'sample';
export const CORPUS_SOURCE_KINDS: readonly CorpusSourceKind[] = ['file', 'selection', 'workspace', 'sample'];

export interface CorpusText {
  readonly kind: CorpusSourceKind;
  readonly label: string;
  readonly text: string;
  /** A model name to suggest: the file's base name, "sample", ... */
  readonly defaultName: string;
  /** The language of the source (for the tokenizer's 'auto' choice): 'plaintext', 'markdown', 'typescript', ... */
  readonly languageId: string;
  /** Set when the text was cut to the size cap. */
  readonly notice?: string;
}

/** A clear, user-facing reason this source cannot be trained on. */
export class CorpusError extends Error {}

export function sampleCorpusUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'samples', 'timemachine.txt');
}

function capped(text: string): { text: string; notice?: string } {
  const cap = maxCorpusChars();
  if (text.length <= cap) return { text };
  return {
    text: text.slice(0, cap),
    notice: vscode.l10n.t('The text has {0} characters; training uses the first {1} (setting lstmLens.train.maxCorpusChars).', text.length.toLocaleString(), cap.toLocaleString()),
  };
}

function checked(text: string, label: string): void {
  const reason = unusableTextReason(text);
  if (reason) throw new CorpusError(vscode.l10n.t('Cannot train on {0}: {1}', label, reason));
}

async function readWorkspaceFiles(): Promise<{ text: string; files: number; notice?: string }> {
  const glob = workspaceGlob();
  const uris = await vscode.workspace.findFiles(glob, '**/{node_modules,.git,.lstm-lens,dist,out}/**', 5000);
  if (uris.length === 0) throw new CorpusError(vscode.l10n.t('No workspace files match {0} (setting lstmLens.train.workspaceGlob).', glob));
  uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const cap = maxCorpusChars();
  const parts: string[] = [];
  let total = 0;
  let skipped = 0;
  for (const uri of uris) {
    if (total >= cap) break;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (unusableTextReason(text)) {
      skipped++;
      continue;
    }
    parts.push(text);
    total += text.length + 1;
  }
  if (parts.length === 0) throw new CorpusError(vscode.l10n.t('None of the {0} files matching {1} holds usable text.', uris.length, glob));
  const joined = capped(parts.join('\n'));
  const skippedNote = skipped > 0 ? vscode.l10n.t('{0} binary or empty files were skipped.', skipped) : undefined;
  return { text: joined.text, files: parts.length, notice: [joined.notice, skippedNote].filter(Boolean).join(' ') || undefined };
}

/** Reads a source; throws CorpusError with a message for the user when it cannot be used. */
export async function readCorpus(kind: CorpusSourceKind, extensionUri: vscode.Uri): Promise<CorpusText> {
  const editor = vscode.window.activeTextEditor;
  switch (kind) {
    case 'sample': {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sampleCorpusUri(extensionUri)));
      return { kind, label: vscode.l10n.t('The Time Machine (d2l sample corpus)'), text, defaultName: 'timemachine', languageId: 'plaintext' };
    }
    case 'file': {
      if (!editor) throw new CorpusError(vscode.l10n.t('No file is open: open a text file, or train on the sample corpus.'));
      const name = path.basename(editor.document.uri.path);
      const { text, notice } = capped(editor.document.getText());
      checked(text, name);
      return { kind, label: name, text, defaultName: name.replace(/\.[^.]+$/, ''), languageId: editor.document.languageId, notice };
    }
    case 'selection': {
      if (!editor || editor.selections.every((s) => s.isEmpty)) throw new CorpusError(vscode.l10n.t('Nothing is selected.'));
      const { text, notice } = capped(editor.selections.map((s) => editor.document.getText(s)).join('\n'));
      const label = vscode.l10n.t('selection in {0}', path.basename(editor.document.uri.path));
      checked(text, label);
      return { kind, label, text, defaultName: `${path.basename(editor.document.uri.path).replace(/\.[^.]+$/, '')}-selection`, languageId: editor.document.languageId, notice };
    }
    case 'workspace': {
      const { text, files, notice } = await readWorkspaceFiles();
      return { kind, label: vscode.l10n.t('{0} workspace files ({1})', files, workspaceGlob()), text, defaultName: 'workspace', languageId: 'plaintext', notice };
    }
  }
}

/** The QuickPick of sources, with what each would read. */
export async function pickCorpusSource(): Promise<CorpusSourceKind | undefined> {
  const editor = vscode.window.activeTextEditor;
  type Item = vscode.QuickPickItem & { source: CorpusSourceKind };
  const items: Item[] = [];
  if (editor) items.push({ source: 'file', label: `$(file) ${vscode.l10n.t('Current file')}`, description: path.basename(editor.document.uri.path) });
  if (editor && editor.selections.some((s) => !s.isEmpty)) items.push({ source: 'selection', label: `$(selection) ${vscode.l10n.t('Selection')}` });
  if (vscode.workspace.workspaceFolders?.length) items.push({ source: 'workspace', label: `$(files) ${vscode.l10n.t('Workspace files')}`, description: workspaceGlob() });
  items.push({ source: 'sample', label: `$(book) ${vscode.l10n.t('Sample corpus')}`, description: vscode.l10n.t('The Time Machine, the d2l corpus') });
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Train LSTM: what to train on'), placeHolder: vscode.l10n.t('Pick the text'), ignoreFocusOut: true });
  return pick?.source;
}
