/** The gate explorer command the hover's "Explore from here" link runs, and what it passes. */

/** Opens the gate explorer (the panel's) at a document offset. */
export const EXPLORE_COMMAND = 'lstmLens.exploreSelection';

/**
 * The argument of EXPLORE_COMMAND: from a hover, the document and the offset of the hovered
 * step's character; from the panel after a window reload, the span it showed ([offset, end))
 * and its step, restored silently (nothing is said when there is no model).
 */
export interface ExploreFrom {
  readonly uri: string;
  readonly offset: number;
  readonly end?: number;
  readonly step?: number;
  readonly restore?: boolean;
}
