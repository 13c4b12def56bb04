/**
 * Compare Cells' sequencing, without vscode: RNN, GRU and LSTM trained one after another with
 * the same preset on the same text (d2l §10), each its own stored model. A run that ends
 * 'stopped' (the panel's Stop, Stop Training, the panel closing) stops the comparison: the cells
 * not yet started are skipped. One that diverges or fails does not: the next cell may still
 * learn the text. Once the runs are over, each model that left a checkpoint has its
 * memory-length curve measured. The comparison tells `changed` after every step, whole.
 */
import type { CellKind } from '../../core/model/config';
import { paramCount } from '../../core/model/paramSpec';
import { presetModelConfig, type TrainPreset } from '../../core/train/trainPreset';
import type { ComparedCell, Comparison, ComparisonPhase } from '../../protocol/compare';
import type { TrainEvent, TrainOutcome } from '../../protocol/training';

/** The cells compared, in the order they train: d2l's chapter order, the simplest first. */
export const COMPARED_CELLS: readonly CellKind[] = ['rnn', 'gru', 'lstm'];

/** Each cell's model in the store: `<base>-rnn`, `<base>-gru`, `<base>-lstm`. */
export function comparedModelName(base: string, cell: CellKind): string {
  return `${base}-${cell}`;
}

/** What the comparison needs done for one cell; the command gives the real ones. */
export interface ComparisonSteps {
  /** Trains `preset` (its cell set) as model `modelName`; `started` gets the run's id once it runs; resolves with how it ended. */
  train(preset: TrainPreset, modelName: string, started: (runId: string) => void): Promise<TrainOutcome>;
  /** The memory-length curve of a stored model (k = 1..), or undefined when it has no checkpoint. */
  measure(modelName: string): Promise<readonly number[] | undefined>;
}

type Entry = { -readonly [K in keyof ComparedCell]: ComparedCell[K] };

export class CellComparison {
  private readonly entries: Entry[];
  private phase: ComparisonPhase = 'training';
  private stopping = false;

  constructor(
    readonly id: string,
    readonly sourceLabel: string,
    private readonly preset: TrainPreset,
    base: string,
    private readonly changed: (c: Comparison) => void = () => undefined,
    cells: readonly CellKind[] = COMPARED_CELLS,
  ) {
    this.entries = cells.map((cell) => ({ cell, modelName: comparedModelName(base, cell), state: 'queued', perplexities: [] }));
  }

  /** The comparison as the panel draws it. */
  snapshot(): Comparison {
    return { id: this.id, sourceLabel: this.sourceLabel, phase: this.phase, cells: this.entries.map((e) => ({ ...e, perplexities: [...e.perplexities] })) };
  }

  /** The run training now, if any. */
  runningId(): string | undefined {
    return this.entries.find((e) => e.state === 'training')?.runId;
  }

  /** No cell not yet started will be (the one training is stopped by whoever stops its run). */
  stopAll(): void {
    this.stopping = true;
  }

  /** Takes a training event of one of the comparison's runs (others are ignored). */
  record(ev: TrainEvent): void {
    const entry = this.entries.find((e) => e.runId !== undefined && e.runId === ev.runId);
    if (!entry) return;
    if (ev.type === 'trainStarted') {
      entry.engine = ev.engine;
      entry.parameters = paramCount(presetModelConfig({ ...this.preset, cell: entry.cell }, ev.vocabSize));
    } else if (ev.type === 'trainEpoch') {
      entry.perplexities = [...entry.perplexities, ev.perplexity];
      entry.tokensPerSec = ev.tokensPerSec;
    } else {
      return;
    }
    this.tell();
  }

  /** Trains every cell in turn, then measures the memory of those that left a model; resolves with the end state. */
  async run(steps: ComparisonSteps): Promise<Comparison> {
    for (const entry of this.entries) {
      if (this.stopping) {
        entry.state = 'skipped';
        continue;
      }
      entry.state = 'training';
      this.tell();
      entry.outcome = await this.trainOne(entry, steps);
      entry.state = 'done';
      entry.runId = undefined;
      if (entry.outcome === 'stopped') this.stopping = true;
      this.tell();
    }
    this.phase = 'measuring';
    this.tell();
    for (const entry of this.entries) {
      if (entry.state !== 'done') continue;
      entry.memory = await steps.measure(entry.modelName);
      this.tell();
    }
    this.phase = 'done';
    this.tell();
    return this.snapshot();
  }

  /** One cell's run; a run that cannot start fails, and ends the comparison (whatever stopped it stops the rest too). */
  private async trainOne(entry: Entry, steps: ComparisonSteps): Promise<TrainOutcome> {
    try {
      return await steps.train({ ...this.preset, cell: entry.cell }, entry.modelName, (runId) => {
        entry.runId = runId;
        this.tell();
      });
    } catch {
      this.stopping = true;
      return 'failed';
    }
  }

  private tell(): void {
    this.changed(this.snapshot());
  }
}
