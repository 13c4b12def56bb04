/** The gate explorer command the hover's "Explore from here" link runs, and what it passes. */

/** Opens the gate explorer (the panel's) at a document offset. */
export const EXPLORE_COMMAND = 'lstmLens.exploreSelection';

/** The argument of EXPLORE_COMMAND from a hover: the document and the offset of the hovered step's character. */
export interface ExploreFrom {
  readonly uri: string;
  readonly offset: number;
}
