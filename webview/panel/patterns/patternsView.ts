/**
 * The panel's Patterns view, after LSTMVis (Strobelt et al. 2017): the select view proposes
 * the units on over a span selected in the gate explorer and off just before it (proposeUnits,
 * computed here from the trace the panel holds), at a threshold the reader drags; units can be
 * removed and added; Search asks the host for the match view, whose matches are listed with
 * their snippets and heatmaps (matchList.ts). Every sentence comes from the host's strings.
 */
import type { ExplorerTrace } from '../../../src/protocol/explorer';
import type { PatternMatchView, PatternQuery, PatternResult } from '../../../src/protocol/patterns';
import type { PanelStrings } from '../../../src/protocol/strings';
import { MIN_PATTERN_STEPS } from '../../../src/core/analysis/patterns/patternChecks';
import { proposeUnits, type StepSpan } from '../../../src/core/analysis/patterns/proposeUnits';
import { errorText } from '../../../src/core/util/errorText';
import { visibleToken } from '../explorer/textStrip';
import { el } from './element';
import { renderMatches } from './matchList';
import { spanStates } from './spanStates';

export interface PatternsActions {
  search(query: PatternQuery): void;
  /** Stop the host's read of the states (what it read stays searchable). */
  cancel(): void;
  open(match: PatternMatchView): void;
}

/**
 * The threshold a span is first proposed at. H = O ⊙ tanh(C) lies in (−1, 1) and a unit that
 * is off sits near 0: 0.3 is clear of that noise, yet a unit whose output gate is only half open
 * reaches it (0.5 · tanh(1) ≈ 0.38). The slider's hint says the same to the reader.
 */
export const DEFAULT_PATTERN_THRESHOLD = 0.3;

/** What the view was given by Find this pattern. */
interface Selected {
  readonly trace: ExplorerTrace;
  readonly selection: StepSpan;
}

export class PatternsView {
  private readonly intro: HTMLElement;
  private readonly query: HTMLElement;
  private readonly spanText: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLOutputElement;
  private readonly chips: HTMLUListElement;
  private readonly addInput: HTMLInputElement;
  private readonly searchButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly rereadButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly list: HTMLOListElement;
  private selected: Selected | undefined;
  private units: number[] = [];

  constructor(private readonly root: HTMLElement, private readonly strings: PanelStrings, private readonly actions: PatternsActions) {
    const s = strings;
    root.dataset.testid = 'patterns';
    root.replaceChildren();
    this.intro = el(root, 'p', 'patterns-intro', 'patterns-intro');
    this.intro.textContent = s.patternsIntro;
    this.query = el(root, 'div', 'patterns-query');
    this.query.hidden = true;
    el(this.query, 'h3', 'patterns-label').textContent = s.patternsSpan;
    this.spanText = el(this.query, 'code', 'pattern-span', 'pattern-span');

    const threshold = el(this.query, 'label', 'patterns-threshold');
    threshold.title = s.patternsThresholdHint;
    threshold.appendChild(document.createTextNode(`${s.patternsThreshold} `));
    this.slider = el(threshold, 'input', 'pattern-threshold', 'pattern-threshold');
    Object.assign(this.slider, { type: 'range', min: '-1', max: '1', step: '0.05', value: String(DEFAULT_PATTERN_THRESHOLD) });
    this.sliderValue = el(threshold, 'output', 'pattern-threshold-value', 'pattern-threshold-value');
    this.slider.addEventListener('input', () => this.propose());

    el(this.query, 'h3', 'patterns-label').textContent = s.patternsUnits;
    this.chips = el(this.query, 'ul', 'pattern-units', 'pattern-units');
    const add = el(this.query, 'div', 'pattern-add');
    const addLabel = el(add, 'label', 'pattern-add-label');
    addLabel.appendChild(document.createTextNode(`${s.patternsAddUnit} `));
    this.addInput = el(addLabel, 'input', 'pattern-add-unit', 'pattern-add-unit');
    Object.assign(this.addInput, { type: 'number', min: '0', step: '1' });
    this.addInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.addUnit();
    });
    const addButton = el(add, 'button', 'pattern-add-button', 'pattern-add');
    addButton.textContent = s.patternsAddUnit;
    addButton.addEventListener('click', () => this.addUnit());

    const controls = el(this.query, 'div', 'patterns-controls');
    this.searchButton = el(controls, 'button', 'pattern-search', 'pattern-search');
    this.searchButton.textContent = s.patternsSearch;
    this.searchButton.addEventListener('click', () => this.search(false));
    this.cancelButton = el(controls, 'button', 'pattern-cancel', 'pattern-cancel');
    this.cancelButton.textContent = s.patternsCancel;
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => actions.cancel());
    this.rereadButton = el(controls, 'button', 'pattern-reread', 'pattern-reread');
    this.rereadButton.textContent = s.patternsReread;
    this.rereadButton.hidden = true;
    this.rereadButton.addEventListener('click', () => this.search(true));

    this.status = el(root, 'p', 'patterns-status', 'patterns-status');
    this.status.setAttribute('role', 'status');
    this.heading = el(root, 'h3', 'patterns-matches-heading');
    this.heading.hidden = true;
    this.list = el(root, 'ol', 'pattern-matches', 'pattern-matches');
  }

  /** Find this pattern: `selection` (steps of `trace`, end exclusive) is the span; its units are proposed at the slider's threshold. */
  select(trace: ExplorerTrace, selection: StepSpan): void {
    this.selected = { trace, selection };
    this.intro.hidden = true;
    this.query.hidden = false;
    this.spanText.textContent = trace.tokens.slice(selection.start, selection.end).map(visibleToken).join('');
    Object.assign(this.root.dataset, { spanStart: String(selection.start), spanEnd: String(selection.end) });
    this.addInput.max = String(trace.hiddenSize - 1);
    this.clearMatches();
    this.propose();
  }

  /** Says what the host is doing (reading the states…) or why it could not search. */
  showStatus(message: string, busy: boolean): void {
    this.setStatus(message, busy);
    if (!busy) this.clearMatches();
  }

  show(result: PatternResult): void {
    const s = this.strings;
    this.setStatus([`${result.documents} ${s.patternsDocuments} · ${result.chars.toLocaleString()} ${s.characters}`, result.matches.length === 0 ? s.patternsNoMatches : '', result.note].filter(Boolean).join(' · '), false);
    this.rereadButton.hidden = !result.partial;
    this.heading.hidden = result.matches.length === 0;
    this.heading.textContent = s.patternsMatches;
    this.root.dataset.matches = String(result.matches.length);
    renderMatches(this.list, result.matches, s, (m) => this.actions.open(m));
  }

  private get threshold(): number {
    return Number(this.slider.value);
  }

  /** Proposes the units for the selected span at the slider's threshold (replacing the chips). */
  private propose(): void {
    const sel = this.selected;
    this.sliderValue.value = this.threshold.toFixed(2);
    this.root.dataset.threshold = String(this.threshold);
    if (!sel) return;
    if (sel.selection.end - sel.selection.start < MIN_PATTERN_STEPS) {
      this.units = [];
      this.renderChips();
      this.setStatus(this.strings.patternsTooShort, false);
      return;
    }
    try {
      const { states, span } = spanStates(sel.trace, sel.selection);
      this.units = proposeUnits(states, span, this.threshold);
      this.setStatus(this.units.length === 0 ? this.strings.patternsNoUnits : '', false);
    } catch (e) {
      // a threshold of ±1 (every unit on, or none): the core says why
      this.units = [];
      this.setStatus(errorText(e), false);
    }
    this.renderChips();
  }

  private renderChips(): void {
    const s = this.strings;
    this.chips.replaceChildren();
    this.root.dataset.units = this.units.join(' ');
    for (const u of this.units) {
      const chip = el(el(this.chips, 'li', 'pattern-unit-item'), 'button', 'pattern-unit', 'pattern-unit', `${u} ×`);
      chip.dataset.unit = String(u);
      chip.title = `${s.patternsRemoveUnit} ${u}`;
      chip.setAttribute('aria-label', `${s.patternsRemoveUnit} ${u}`);
      chip.addEventListener('click', () => {
        this.units = this.units.filter((v) => v !== u);
        this.renderChips();
        if (this.units.length === 0) this.setStatus(s.patternsNoUnits, false);
      });
    }
    this.searchButton.disabled = this.units.length === 0 || !this.selected || this.selected.selection.end - this.selected.selection.start < MIN_PATTERN_STEPS;
  }

  private addUnit(): void {
    const hidden = this.selected?.trace.hiddenSize ?? 0;
    const u = Number(this.addInput.value);
    if (this.addInput.value.trim() === '' || !Number.isInteger(u) || u < 0 || u >= hidden || this.units.includes(u)) {
      this.setStatus(this.strings.patternsBadUnit, false);
      return;
    }
    this.units = [...this.units, u].sort((a, b) => a - b);
    this.addInput.value = '';
    this.setStatus('', false);
    this.renderChips();
  }

  private search(reread: boolean): void {
    const sel = this.selected;
    if (!sel || this.units.length === 0) return;
    this.clearMatches();
    this.actions.search({ modelName: sel.trace.modelName, units: [...this.units], threshold: this.threshold, spanLength: sel.selection.end - sel.selection.start, reread });
  }

  private setStatus(message: string, busy: boolean): void {
    this.status.textContent = message;
    this.status.dataset.busy = String(busy);
    this.cancelButton.hidden = !busy;
    if (busy) this.rereadButton.hidden = true;
  }

  private clearMatches(): void {
    this.list.replaceChildren();
    this.heading.hidden = true;
    delete this.root.dataset.matches;
  }
}
