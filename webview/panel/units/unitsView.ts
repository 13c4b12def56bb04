/**
 * The panel's Units view: per feature of the text (inside quotes, bracket depth, position in
 * the line, start of a word, whitespace, digits), the units that track it best, each with
 * Pearson's r as a diverging bar (red +, blue −, the editor colouring's scale). A unit is a
 * button: a click, Enter or Space colours the editor by it; ↑/↓ move between units.
 */
import { select, type Selection } from 'd3-selection';
import type { PanelStrings } from '../../../src/protocol/strings';
import type { UnitsRanking, UnitsSource } from '../../../src/protocol/units';
import type { UnitRef } from '../../../src/core/infer/unitFeatures';

export interface UnitsActions {
  rank(source: UnitsSource): void;
  colour(ref: UnitRef): void;
}

/** Width in pixels of a bar for |r| = 1. */
const BAR_WIDTH = 120;

export class UnitsView {
  private readonly root: Selection<HTMLElement, unknown, null, undefined>;
  private readonly status: Selection<HTMLParagraphElement, unknown, null, undefined>;
  private readonly body: Selection<HTMLDivElement, unknown, null, undefined>;

  constructor(el: HTMLElement, private readonly strings: PanelStrings, private readonly actions: UnitsActions) {
    this.root = select(el).attr('data-testid', 'units');
    this.root.selectAll('*').remove();
    this.root.append('p').attr('class', 'source').text(strings.unitsIntro);
    const controls = this.root.append('div').attr('class', 'units-controls');
    controls.append('button').attr('data-testid', 'rank-file').text(strings.unitsRankFile).on('click', () => actions.rank('activeFile'));
    controls.append('button').attr('data-testid', 'rank-corpus').text(strings.unitsRankCorpus).on('click', () => actions.rank('corpus'));
    this.status = this.root.append('p').attr('class', 'units-status').attr('role', 'status').attr('data-testid', 'units-status').text(strings.noUnits);
    this.body = this.root.append('div').attr('class', 'units-body');
    this.body.on('keydown', (e: KeyboardEvent) => this.moveFocus(e));
  }

  /** Says what is happening instead of (or before) a ranking. */
  showStatus(message: string, busy: boolean): void {
    this.status.text(message).attr('data-busy', String(busy));
    if (!busy) this.body.selectAll('*').remove();
  }

  show(r: UnitsRanking): void {
    const s = this.strings;
    this.status.attr('data-busy', 'false').text(`${r.sourceLabel} · ${r.chars.toLocaleString()} ${s.characters} · ${s.unitsRead} ${r.modelName}`);
    this.body.selectAll('*').remove();
    for (const f of r.features) {
      const group = this.body.append('section').attr('class', 'units-feature').attr('data-feature', f.feature);
      group.append('h3').text(f.label);
      const rows = group.append('ol').attr('class', 'units-list');
      for (const u of f.units) {
        const label = `${s.layer} ${u.layer + 1} · ${u.kind} ${u.unit}`;
        const r2 = `${u.r >= 0 ? '+' : '−'}${Math.abs(u.r).toFixed(2)}`;
        const button = rows
          .append('li')
          .append('button')
          .attr('class', 'unit-row')
          .attr('data-testid', 'unit-row')
          .attr('title', s.unitsColourHint)
          .attr('aria-label', `${label}, r = ${r2}: ${s.unitsColourHint}`)
          .on('click', () => this.actions.colour({ layer: u.layer, kind: u.kind, unit: u.unit }));
        button.append('span').attr('class', 'unit-name').text(label);
        button.append('span').attr('class', 'unit-r').text(`r = ${r2}`);
        const svg = button.append('svg').attr('class', 'unit-bar').attr('width', 2 * BAR_WIDTH + 2).attr('height', 10).attr('aria-hidden', 'true');
        svg.append('line').attr('x1', BAR_WIDTH + 1).attr('x2', BAR_WIDTH + 1).attr('y1', 0).attr('y2', 10).attr('class', 'unit-bar-axis');
        const w = Math.abs(u.r) * BAR_WIDTH;
        svg
          .append('rect')
          .attr('class', u.r >= 0 ? 'unit-bar-pos' : 'unit-bar-neg')
          .attr('x', u.r >= 0 ? BAR_WIDTH + 1 : BAR_WIDTH + 1 - w)
          .attr('width', w)
          .attr('y', 1)
          .attr('height', 8);
      }
    }
  }

  /** ↑/↓ between the unit buttons, across features. */
  private moveFocus(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(this.body.node() as HTMLDivElement).querySelectorAll<HTMLButtonElement>('button.unit-row')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))].focus();
  }
}
