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
import { el } from './element';
import { matchHeatmap } from './matchHeatmap';

/** Fills `list` with one button per match, calling `open` with the match a person picks. */
export function renderMatches(list: HTMLOListElement, matches: readonly PatternMatchView[], s: PanelStrings, open: (m: PatternMatchView) => void): void {
  list.replaceChildren();
  const scale = colourScale('tanh');
  for (const m of matches) {
    const button = el(el(list, 'li', 'pattern-match-item'), 'button', 'pattern-match', 'pattern-match');
    Object.assign(button.dataset, { uri: m.uri, from: String(m.from), to: String(m.to), score: String(m.score), shared: String(m.shared), extra: String(m.extra) });
    button.title = s.patternsOpenHint;
    button.addEventListener('click', () => open(m));
    const head = el(button, 'span', 'match-head');
    el(head, 'span', 'match-doc', undefined, m.label);
    el(head, 'span', 'match-score', undefined, `${s.patternsScore} ${m.score.toFixed(2)} · ${s.patternsShared} ${m.shared} · ${s.patternsExtra} ${m.extra}`);
    const snippet = el(button, 'code', 'match-snippet');
    el(snippet, 'span', 'match-context', undefined, visibleToken(m.before));
    el(snippet, 'mark', 'match-text', undefined, visibleToken(m.text));
    el(snippet, 'span', 'match-context', undefined, visibleToken(m.after));
    button.appendChild(matchHeatmap(m.heatmap, m.start, m.end, scale));
  }
}

