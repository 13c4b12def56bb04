/**
 * What a cell kind is, as plain data: its gates and their weights, its state, the values a
 * trace records, what the explorer's diagram shows and how PyTorch and Keras order its gates.
 * No tf.js here: the panel's bundle reads it (the factories that need tf.js are in CellSpec).
 */
import type { CellKind } from '../config';
import type { DiagramDrawing } from './diagramDrawing';

/** One gate's parameters: input weights W_x*, recurrent weights W_h*, bias b_*. */
export interface GateNames {
  readonly gate: string;
  readonly wx: string;
  readonly wh: string;
  readonly b: string;
}

/** Columns [first·h, (first + count)·h) of the packed W_h, multiplied as one product per step. */
export interface RecurrentBlock {
  readonly first: number;
  readonly count: number;
}

/** One number of the explorer's cell diagram: trace value `trace` at step t + `lag`. */
export interface DiagramValue {
  readonly key: string;
  readonly trace: string;
  /** 0: the value at the current step; −1: the state carried in from the step before. */
  readonly lag: 0 | -1;
}

/** What d2l says a cell does when one of its gates is near 0 or 1 (see GATE_READINGS in src/core/infer/gateReadings.ts). */
export type GateReadingKind = 'forgets' | 'ignoresInput' | 'hidesMemory';

/** A reading holds at a step where `gate` < τ (`low`) or > 1 − τ (`high`), τ a setting. */
export interface GateReading {
  readonly kind: GateReadingKind;
  readonly gate: string;
  readonly when: 'low' | 'high';
}

/** How PyTorch holds the cell: its gate blocks' order, or why it cannot hold it. */
export type TorchLayout = { readonly gateOrder: readonly string[] } | { readonly unsupported: string };

export interface CellInfo {
  readonly kind: CellKind;
  /** The gates in the order engines pack them side by side in W_x [d, G·h], W_h [h, G·h], b [G·h]. */
  readonly gates: readonly GateNames[];
  /** Whether the state carries a memory cell C beside H (the LSTM's conveyor belt). */
  readonly hasCellState: boolean;
  /** The values recorded per layer and step, by d2l's names (`C_tilde` is C̃): the gates, then C and H. */
  readonly traceNames: readonly string[];
  /** The recurrent products of a step: all of W_h at once, or blocks when one input differs (the GRU's R ⊙ H). */
  readonly recurrentBlocks: readonly RecurrentBlock[];
  /** The GRU keeps R ⊙ H_{t−1} for every step (the input of W_hh), for the fused backward pass. */
  readonly keepsResetHidden: boolean;
  readonly diagram: {
    readonly values: readonly DiagramValue[];
    /** How the panel draws the cell; its nodes show the values of the same keys. */
    readonly drawing: DiagramDrawing;
    /** The trace value whose colour scale colours the gates. */
    readonly gateScale: string;
    /** The trace value whose colour scale colours the belt's state; H's (tanh) scale when absent. */
    readonly cellScale?: string;
  };
  readonly torch: TorchLayout;
  /** Our gate names in the order tf.layers (Keras) packs them. */
  readonly kerasGateOrder: readonly string[];
  /** The gate values d2l reads in words, for the explorer's marks: none for a cell without gates. */
  readonly readings: readonly GateReading[];
}
