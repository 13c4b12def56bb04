/**
 * The Patterns view (LSTMVis's select and match views): the query the panel sends, the matches
 * the host finds in the training corpus and the open documents, each with its snippet and a
 * small heatmap of the pattern's units.
 */
import { arrayOf, isBool, isInt, isNum, isObj, isStr, objectOf, own, type Check } from './validate';

/** A search: the pattern's units of the top layer's H, on at `threshold`, over about `spanLength` steps. */
export interface PatternQuery {
  /** The model whose trace the span was selected in (the host searches only with that model). */
  readonly modelName: string;
  readonly units: readonly number[];
  readonly threshold: number;
  readonly spanLength: number;
  /** Read the documents' states again even where they are kept (after a cancelled, partial read). */
  readonly reread: boolean;
}

/** A match's heatmap: row r is unit units[r], values[r · steps + c] its H after step first + c. */
export interface PatternHeatmap {
  readonly first: number;
  readonly steps: number;
  readonly units: readonly number[];
  readonly values: Float32Array;
}

/** One match as the view shows it. */
export interface PatternMatchView {
  /** The document (a URI) and how the view names it. */
  readonly uri: string;
  readonly label: string;
  /** UTF-16 offsets [from, to) of the matched text in the document. */
  readonly from: number;
  readonly to: number;
  /** Steps [start, end) of the document; the heatmap's columns count from its own `first`. */
  readonly start: number;
  readonly end: number;
  /** The matched text and a few characters either side of it. */
  readonly before: string;
  readonly text: string;
  readonly after: string;
  readonly score: number;
  readonly shared: number;
  readonly extra: number;
  readonly heatmap: PatternHeatmap;
}

/** What a search found, and what it searched. */
export interface PatternResult {
  readonly modelName: string;
  readonly units: readonly number[];
  readonly threshold: number;
  /** Documents and steps (characters the model read) searched. */
  readonly documents: number;
  readonly chars: number;
  /** The read was cancelled: the matches are from what was read until then. */
  readonly partial: boolean;
  /** What the user should know about the read (capped, partial, documents left out), or ''. */
  readonly note: string;
  readonly matches: readonly PatternMatchView[];
}

/** A hidden layer has at most some thousands of units; a search shows at most some tens of matches. */
export const MAX_PATTERN_UNITS = 1 << 16;
const MAX_MATCHES = 1000;
/** Columns of a match's heatmap: the span (a trace's steps at most) and its context. */
const MAX_HEATMAP_STEPS = 1 << 20;

const isUnits = arrayOf(isInt, MAX_PATTERN_UNITS);

/** The heatmap's buffer is as long as its units × steps say. */
const isPatternHeatmap: Check<PatternHeatmap> = (v): v is PatternHeatmap => {
  if (!isObj(v)) return false;
  const steps = own(v, 'steps');
  const units = own(v, 'units');
  const values = own(v, 'values');
  return isInt(own(v, 'first')) && isInt(steps) && steps <= MAX_HEATMAP_STEPS && isUnits(units) && values instanceof Float32Array && values.length === units.length * steps;
};

const isMatchFields = objectOf({
  uri: isStr,
  label: isStr,
  from: isInt,
  to: isInt,
  start: isInt,
  end: isInt,
  before: isStr,
  text: isStr,
  after: isStr,
  score: isNum,
  shared: isInt,
  extra: isInt,
  heatmap: isPatternHeatmap,
});

/** A match's spans run forwards. */
const isPatternMatchView: Check<PatternMatchView> = (v): v is PatternMatchView => isMatchFields(v) && v.from <= v.to && v.start < v.end;

export const isPatternResult: Check<PatternResult> = objectOf({
  modelName: isStr,
  units: isUnits,
  threshold: isNum,
  documents: isInt,
  chars: isInt,
  partial: isBool,
  note: isStr,
  matches: arrayOf(isPatternMatchView, MAX_MATCHES),
});

/** The fields of a search request (panel → host). */
export const PATTERN_QUERY_FIELDS = { modelName: isStr, units: isUnits, threshold: isNum, spanLength: isInt, reread: isBool };
