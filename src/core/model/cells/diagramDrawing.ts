/**
 * How the explorer draws a cell, in the style of Olah's "Understanding LSTM Networks": its
 * nodes (each showing one of the CellInfo's diagram values), wires, pointwise operations and
 * the belt along the top, in a 600 × 250 view box. Pure data: the panel draws it with D3.
 */

/** The colour scale a node uses: the gates' (σ), tanh's (H, candidates) or the cell state's. */
export type DiagramScale = 'gate' | 'tanh' | 'cell';

export interface DiagramNode {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** The nonlinearity in the gate's box; none for a state drawn as a value. */
  readonly op?: string;
  readonly scale: DiagramScale;
}

export interface DiagramDrawing {
  readonly name: string;
  readonly nodes: readonly DiagramNode[];
  /** Wires (polylines), drawn once. */
  readonly wires: readonly string[];
  /** Pointwise operations: x, y, symbol in a circle. */
  readonly pointwise: readonly (readonly [number, number, string])[];
  /** Named operations in an oval (tanh of the cell, 1 − Z). */
  readonly ovals: readonly (readonly [number, number, string])[];
  /** The belt along the top, coloured and thickened by the state it carries. */
  readonly belt: { readonly path: string; readonly key: string; readonly scale: DiagramScale };
  readonly labels: readonly (readonly [number, number, string])[];
}

/** X_t joins H_{t−1}: the input wire every cell's drawing has. */
export const INPUT_WIRES = ['M100,240 V200'];
