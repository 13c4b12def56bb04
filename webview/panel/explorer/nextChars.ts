/** The top-5 next characters at the current step, as bars with their probabilities. */
import { visibleToken } from './textStrip';

export class NextChars {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;

  constructor(parent: HTMLElement, title: string) {
    this.root = parent.appendChild(document.createElement('figure'));
    this.root.className = 'next-chars';
    this.root.dataset.testid = 'next-chars';
    this.root.appendChild(document.createElement('figcaption')).textContent = title;
    this.list = this.root.appendChild(document.createElement('ol'));
  }

  update(candidates: readonly { token: string; prob: number }[]): void {
    const rows = candidates.map(({ token, prob }) => {
      const li = document.createElement('li');
      li.dataset.token = token;
      li.dataset.prob = String(prob);
      const name = li.appendChild(document.createElement('code'));
      name.textContent = visibleToken(token);
      const bar = li.appendChild(document.createElement('span'));
      bar.className = 'bar';
      bar.style.width = `${(100 * prob).toFixed(1)}%`;
      li.appendChild(document.createElement('span')).textContent = `${(100 * prob).toFixed(1)}%`;
      return li;
    });
    this.list.replaceChildren(...rows);
  }
}
