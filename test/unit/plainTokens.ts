/** A document's tokens as plain arrays, for deepEqual: ChunkedColumn's parts differ between equal columns made different ways. */
import type { DocumentTokens } from '../../src/core/text/documentTokens';

export function plainTokens(doc: DocumentTokens): unknown {
  return { ids: [...doc.ids], starts: [...doc.starts], ends: [...doc.ends], lineStarts: [...doc.lineStarts], lineEnds: [...doc.lineEnds], unknown: doc.unknown };
}
