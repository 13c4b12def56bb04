/** The panel's views as tabs: one section shows at a time; the tab bar appears once there are two to pick from. */

export class Tabs {
  readonly bar: HTMLElement;
  private readonly tabs = new Map<string, { button: HTMLButtonElement; section: HTMLElement }>();

  constructor(parent: HTMLElement) {
    this.bar = parent.insertBefore(document.createElement('nav'), parent.firstChild);
    this.bar.className = 'tabs';
    this.bar.setAttribute('role', 'tablist');
    this.bar.hidden = true;
  }

  /** Adds a tab for `section`, shown when picked. */
  add(name: string, section: HTMLElement): void {
    const button = this.bar.appendChild(document.createElement('button'));
    button.setAttribute('role', 'tab');
    button.dataset.testid = `tab-${name}`;
    button.textContent = name;
    button.addEventListener('click', () => this.show(name));
    this.tabs.set(name, { button, section });
  }

  /** Sets the labels of the tabs `labels` names (strings come from the host). */
  label(labels: Readonly<Record<string, string>>): void {
    for (const [name, { button }] of this.tabs) if (labels[name] !== undefined) button.textContent = labels[name];
  }

  /** Shows one section and hides the others; the bar appears from the first switch on. */
  show(name: string): void {
    if (name !== this.tabs.keys().next().value) this.bar.hidden = false;
    for (const [n, { button, section }] of this.tabs) {
      const on = n === name;
      section.hidden = !on;
      button.setAttribute('aria-selected', String(on));
      button.classList.toggle('active', on);
    }
  }
}
