/**
 * The Compare view (Compare Cells): RNN, GRU and LSTM trained on the same text, as the host
 * reports them. Their perplexity per epoch on one chart, a table of each cell's final
 * perplexity, tokens/s, parameters, engine and outcome, and their memory-length curves on a
 * log scale; Stop all while one trains.
 */
import { select, type Selection } from 'd3-selection';
import type { ComparedCell, Comparison } from '../../../src/protocol/compare';
import type { PanelStrings } from '../../../src/protocol/strings';
import { CELL_COLOURS, cellName } from './cellColours';
import { CellLinesChart } from './cellLinesChart';

export interface CompareActions {
  /** Stops the run training now; the cells after it are then not started. */
  stop(runId: string): void;
}

/** What a row's outcome cell says: where the cell's run is, or how it ended. */
function stateText(c: ComparedCell, strings: PanelStrings): string {
  switch (c.state) {
    case 'queued':
      return strings.compareQueued;
    case 'training':
      return strings.running;
    case 'skipped':
      return strings.compareSkipped;
    case 'done':
      return c.outcome ? strings[`outcome_${c.outcome}`] : strings.outcome_finished;
  }
}

const COLUMNS = ['compareCell', 'compareFinalPerplexity', 'tokensPerSec', 'compareParameters', 'compareEngine', 'compareOutcome'] as const;

export class CompareView {
  private readonly root: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly perplexity: CellLinesChart;
  private readonly memory: CellLinesChart;

  constructor(
    parent: HTMLElement,
    private readonly strings: PanelStrings,
    private readonly actions: CompareActions,
  ) {
    parent.replaceChildren();
    this.root = select(parent).append('div').attr('data-testid', 'compare');
    const head = this.root.append('header').attr('class', 'dash-head');
    head.append('p').attr('class', 'compare-status').attr('data-testid', 'compare-status').attr('role', 'status');
    head.append('button').attr('data-testid', 'compare-stop').attr('class', 'stop').text(strings.compareStopAll);
    const table = this.root.append('table').attr('data-testid', 'compare-table');
    table.append('thead').append('tr').selectAll('th').data(COLUMNS).join('th').text((k) => strings[k]);
    table.append('tbody');
    const charts = this.root.append('div').attr('class', 'compare-charts').node() as HTMLElement;
    this.perplexity = new CellLinesChart(charts, { testid: 'compare-perplexity-chart', title: strings.comparePerplexityChart, xLabel: strings.epoch, yLabel: strings.perplexity, logY: false });
    this.memory = new CellLinesChart(charts, { testid: 'compare-memory-chart', title: strings.compareMemoryChart, xLabel: strings.compareDistance, yLabel: strings.compareConnectivity, logY: true });
    this.root.append('p').attr('class', 'compare-measuring').attr('data-testid', 'compare-measuring');
  }

  update(c: Comparison): void {
    const s = this.strings;
    this.root.attr('data-phase', c.phase).attr('data-comparison', c.id);
    const status = c.phase === 'training' ? s.compareTraining : c.phase === 'measuring' ? s.compareMeasuring : `${s.compareDone} ${c.sourceLabel}`;
    this.root.select('.compare-status').text(status);
    const runId = c.cells.find((cell) => cell.state === 'training')?.runId;
    this.root
      .select<HTMLButtonElement>('button.stop')
      .property('disabled', runId === undefined)
      .on('click', () => runId !== undefined && this.actions.stop(runId));
    this.drawTable(c.cells);
    this.perplexity.draw(c.cells.map((cell) => ({ cell: cell.cell, points: cell.perplexities.map((p, i) => [i + 1, p] as const) })));
    this.memory.draw(c.cells.map((cell) => ({ cell: cell.cell, points: (cell.memory ?? []).map((m, i) => [i + 1, m] as const) })));
    // After the measuring, a cell without a curve had no model left to measure (stopped before its first checkpoint, or never started).
    const missing = c.phase === 'done' ? c.cells.filter((cell) => cell.memory === undefined).map((cell) => cellName(cell.cell)) : [];
    this.root.select('.compare-measuring').text(missing.length ? `${missing.join(', ')}: ${s.compareNoCurve}` : '');
  }

  private drawTable(cells: readonly ComparedCell[]): void {
    const rows = this.root
      .select('tbody')
      .selectAll<HTMLTableRowElement, ComparedCell>('tr')
      .data(cells, (d) => d.cell)
      .join((enter) => {
        const tr = enter.append('tr');
        for (const k of COLUMNS) tr.append('td').attr('class', k);
        return tr;
      })
      .attr('data-cell', (d) => d.cell)
      .attr('data-state', (d) => d.state)
      .attr('data-outcome', (d) => d.outcome ?? '');
    rows.select('td.compareCell').style('color', (d) => CELL_COLOURS[d.cell]).text((d) => cellName(d.cell));
    rows
      .select('td.compareFinalPerplexity')
      .attr('data-perplexity', (d) => d.perplexities.at(-1) ?? '')
      .text((d) => d.perplexities.at(-1)?.toFixed(2) ?? '—');
    rows
      .select('td.tokensPerSec')
      .attr('data-tokens-per-sec', (d) => d.tokensPerSec ?? '')
      .text((d) => (d.tokensPerSec === undefined ? '—' : Math.round(d.tokensPerSec).toLocaleString()));
    rows
      .select('td.compareParameters')
      .attr('data-parameters', (d) => d.parameters ?? '')
      .text((d) => d.parameters?.toLocaleString() ?? '—');
    rows.select('td.compareEngine').text((d) => d.engine ?? '—');
    rows.select('td.compareOutcome').text((d) => stateText(d, this.strings));
  }
}
