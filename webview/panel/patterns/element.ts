/** A child element of the Patterns view: its tag, class, test id and, where given, its text (textContent: never markup). */
export function el<K extends keyof HTMLElementTagNameMap>(parent: HTMLElement, tag: K, className: string, testid?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = parent.appendChild(document.createElement(tag));
  e.className = className;
  if (testid) e.dataset.testid = testid;
  if (text !== undefined) e.textContent = text;
  return e;
}
