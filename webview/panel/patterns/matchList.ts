/**
 * The match view's list: per match, its document, score / shared / extra, the snippet (the
 * matched text marked, a few characters either side) and the small heatmap of the pattern's
 * units. Each match is a button (Tab reaches it): a click, Enter or Space opens the place in
 * the editor. Text goes in with textContent only.
 */
import type { PanelStrings } from '../../../src/protocol/strings';
import type { PatternMatchView } from '../../../src/protocol/patterns';
import { colourScale } from '../explorer/colourScales';
import { visibleToken } from '../explorer/textStrip';
import { matchHeatmap } from './matchHeatmap';

function span(parent: HTMLElement, className: string, text: string, tag = 'span'): HTMLElement {
  const el = parent.appendChild(document.createElement(tag));
  el.className = className;
  el.textContent = text;
  return el;
}

/** Fills `list` with one button per match, calling `open` with the match a person picks. */
export function renderMatches(list: HTMLOListElement, matches: readonly PatternMatchView[], s: PanelStrings, open: (m: PatternMatchView) => void): void {
  list.replaceChildren();
  const scale = colourScale('tanh');
  for (const m of matches) {
    const button = list.appendChild(document.createElement('li')).appendChild(document.createElement('button'));
    button.className = 'pattern-match';
    button.dataset.testid = 'pattern-match';
    Object.assign(button.dataset, { uri: m.uri, from: String(m.from), to: String(m.to), score: String(m.score), shared: String(m.shared), extra: String(m.extra) });
    button.title = s.patternsOpenHint;
    button.addEventListener('click', () => open(m));
    const head = button.appendChild(document.createElement('span'));
    head.className = 'match-head';
    span(head, 'match-doc', m.label);
    span(head, 'match-score', `${s.patternsScore} ${m.score.toFixed(2)} · ${s.patternsShared} ${m.shared} · ${s.patternsExtra} ${m.extra}`);
    const snippet = span(button, 'match-snippet', '', 'code');
    span(snippet, 'match-context', visibleToken(m.before));
    span(snippet, 'match-text', visibleToken(m.text), 'mark');
    span(snippet, 'match-context', visibleToken(m.after));
    button.appendChild(matchHeatmap(m.heatmap, m.start, m.end, scale));
  }
}

