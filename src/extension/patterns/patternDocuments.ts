/**
 * What a pattern search reads: the model's training corpus, then the open text documents
 * (editors' files and untitled buffers: not output channels, git views or settings), each
 * once, skipping the corpus file when it is open too and any text that is empty or looks
 * binary (textCheck.ts). vscode-free, so the unit tests choose documents the way the host does.
 */
import type { CorpusDocument } from '../../core/analysis/patterns/readCorpusStates';
import { unusableTextReason } from '../../core/text/textCheck';

/** The URI schemes of documents a person writes in. */
export const SEARCHED_SCHEMES: readonly string[] = ['file', 'untitled'];

/** A text to consider: its URI (the name a match gives back), scheme, a version that changes with its text, and the text. */
export interface CandidateText {
  readonly uri: string;
  readonly scheme: string;
  readonly version: string;
  readonly text: string;
}

export interface ChosenDocuments {
  /** In reading order: the corpus first. */
  readonly documents: readonly CorpusDocument[];
  /** Which documents at which versions: equal keys, equal states (with the model's revision). */
  readonly key: string;
  /** Open documents left out as empty or binary-looking. */
  readonly skipped: number;
}

/** The documents to read, from the corpus (when the model kept one) and the open documents. */
export function chooseDocuments(corpus: CandidateText | undefined, open: readonly CandidateText[]): ChosenDocuments {
  const chosen: CandidateText[] = corpus && unusableTextReason(corpus.text) === undefined ? [corpus] : [];
  const seen = new Set([corpus?.uri]);
  let skipped = 0;
  for (const doc of open) {
    if (!SEARCHED_SCHEMES.includes(doc.scheme) || seen.has(doc.uri)) continue;
    seen.add(doc.uri);
    if (unusableTextReason(doc.text) === undefined) chosen.push(doc);
    else skipped++;
  }
  return {
    documents: chosen.map(({ uri, text }) => ({ name: uri, text })),
    key: JSON.stringify(chosen.map(({ uri, version }) => [uri, version])),
    skipped,
  };
}
